import { buildArchive, type ArchiveOptions } from "../src/archive/archive.ts";
import { readOutlets } from "../src/build/site.ts";
import { renderBodyTemplate } from "../src/content/markdown/index.ts";
import { parseArticle, type Article } from "../src/content/schema.ts";
import { keyTerms } from "../src/content/terms.ts";
import { makeCorpus, outletKeys } from "./corpus.ts";
const outlets = await readOutlets();
const n = Number(process.argv[2] ?? 10000);
const parsed: Article[] = []; const terms = new Map(); const bodies = new Map();
for (const g of makeCorpus(n, 8)) { const a = parseArticle(g.text, g.file, outletKeys); parsed.push(a); terms.set(a, keyTerms(a.title, a.body)); bodies.set(a, renderBodyTemplate(a.body)); }
const options: ArchiveOptions = { outlets, pathPrefix: "/", includeUnpublished: true, now: Date.now(), keyTerms: (a) => terms.get(a)!, body: (a) => bodies.get(a)! };
const times: number[] = [];
for (let r = 0; r < 8; r++) { const t = performance.now(); buildArchive(parsed, options); times.push(Math.round(performance.now() - t)); }
console.log(times.join(" "));
