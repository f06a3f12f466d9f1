/**
 * Synthetic corpus for the benchmark: `generateCorpus({ n, seed, dir })` writes n valid article
 * files (front matter that passes src/content/schema.ts) with Indonesian-like text made from a fixed word
 * list and a seeded PRNG. Never real news: titles and bodies are word salad.
 *
 * Shape, after what a real archive of Indonesian outlets looks like:
 * - 6 outlets (keys of templates/_data/sources.json), 8 rubrics, ~120 reporters;
 * - 2–6 topics per article from ~600, Zipf-skewed (a few huge, most small), and one very common
 *   topic ("Nasional") on ~30 % of articles;
 * - 250–400 words per body in 5–10 paragraphs, some "Baca: <title of an earlier article>" lines;
 * - dates over 2015–2024, ~2 % sharing the minute of the previous article; folders by year.
 *
 * Article i depends only on the seed and the articles before it, so the corpus of 1,000 is the
 * first 1,000 articles of the corpus of 10,000. `addOneArticle` writes article n + 1, dated after
 * all others, as an editor adding today's story would.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { slugify } from "../src/content/slug.ts";

export const outletKeys = ["kompas", "detik", "tempo", "antara", "cnn-indonesia", "merdeka"] as const;
/** Share of articles per outlet, in the order of `outletKeys`. */
const outletWeights = [0.26, 0.24, 0.16, 0.14, 0.12, 0.08];

export const rubrics = ["Nasional", "Ekonomi", "Politik", "Teknologi", "Olahraga", "Hiburan", "Internasional", "Metro"] as const;

/** The topic on ~30 % of articles: near-universal topics are what make related lookups slow. */
export const commonTopic = "Nasional";
const commonTopicShare = 0.3;

/** Published between these instants (UTC ms): 2015-01-01 and 2025-01-01, Jakarta time. */
const firstInstant = Date.UTC(2014, 11, 31, 17, 0);
const lastInstant = Date.UTC(2024, 11, 31, 17, 0);

/** mulberry32: a tiny, fast, seedable 32-bit PRNG (public domain, Tommy Ettinger). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed per article, so that article i does not depend on how many random numbers others drew. */
function articleSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

// Word lists: common Indonesian words as found in news prose. Stop words make the text realistic
// for the key-term extraction (terms.ts drops them); content words give it something to match.
const functionWords = [
  "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "itu", "ini", "akan", "telah", "sudah",
  "tidak", "juga", "oleh", "karena", "sebagai", "bahwa", "atau", "saat", "masih", "lebih", "para", "secara",
  "menurut", "namun", "hingga", "setelah", "antara", "sejak", "agar", "bagi", "kepada", "tersebut",
];
const contentWords = [
  "pemerintah", "menteri", "presiden", "gubernur", "wali", "kota", "warga", "masyarakat", "pejabat", "kebijakan",
  "anggaran", "harga", "pasar", "pedagang", "petani", "nelayan", "buruh", "pekerja", "perusahaan", "industri",
  "investasi", "ekspor", "impor", "pajak", "subsidi", "bensin", "listrik", "jalan", "tol", "kereta", "bandara",
  "pelabuhan", "banjir", "gempa", "longsor", "kebakaran", "hutan", "sungai", "laut", "pantai", "pulau", "desa",
  "sekolah", "siswa", "guru", "kampus", "mahasiswa", "rumah", "sakit", "dokter", "pasien", "vaksin", "obat",
  "polisi", "jaksa", "hakim", "sidang", "pengadilan", "kasus", "korupsi", "tersangka", "saksi", "penyidik",
  "partai", "pemilu", "kandidat", "suara", "koalisi", "parlemen", "dewan", "rapat", "undang", "aturan",
  "teknologi", "aplikasi", "internet", "data", "digital", "ponsel", "layanan", "pengguna", "jaringan", "startup",
  "pertandingan", "pemain", "pelatih", "klub", "liga", "gol", "turnamen", "juara", "stadion", "suporter",
  "film", "musik", "konser", "penyanyi", "aktor", "festival", "budaya", "seni", "wisata", "kuliner",
  "program", "proyek", "pembangunan", "infrastruktur", "bantuan", "dana", "laporan", "hasil", "target", "rencana",
  "wilayah", "provinsi", "kabupaten", "kecamatan", "daerah", "pusat", "lokasi", "kawasan", "gedung", "kantor",
  "upaya", "langkah", "keputusan", "perubahan", "peningkatan", "penurunan", "kenaikan", "kerugian", "keuntungan",
  "pemeriksaan", "penyelidikan", "penangkapan", "pengawasan", "penanganan", "pelayanan", "penertiban", "penataan",
  "ekonomi", "politik", "sosial", "hukum", "keamanan", "kesehatan", "pendidikan", "lingkungan", "energi", "pangan",
];
const verbs = [
  "mengatakan", "menjelaskan", "menyebutkan", "menegaskan", "mengungkapkan", "menambahkan", "meminta", "berharap",
  "memastikan", "menyatakan", "membantah", "mengakui", "menilai", "mendorong", "menargetkan", "mencatat",
  "meninjau", "membahas", "menggelar", "meresmikan", "menolak", "mendukung", "mengusulkan", "memutuskan",
];
const adjectives = [
  "baru", "besar", "kecil", "penting", "utama", "tinggi", "rendah", "cepat", "lambat", "resmi", "khusus",
  "nasional", "lokal", "publik", "terbuka", "serius", "aman", "sulit", "mudah", "strategis",
];
const titleOpeners = [
  "Soal", "Jelang", "Usai", "Terkait", "Begini", "Ini", "Warga", "Pemerintah", "Menteri", "Polisi", "DPR", "KPK",
];
const places = [
  "Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Yogyakarta", "Palembang", "Denpasar",
  "Balikpapan", "Pontianak", "Manado", "Padang", "Malang", "Bogor", "Bekasi", "Tangerang", "Depok", "Solo",
  "Kupang", "Jayapura", "Ambon", "Mataram", "Banda Aceh", "Pekanbaru", "Jambi", "Bengkulu", "Lampung",
];
const topicHeads = [
  "Banjir", "Pilkada", "Harga", "Kasus", "Proyek", "Festival", "Liga", "Timnas", "Tol", "Kereta", "Bandara",
  "Subsidi", "Pajak", "Vaksinasi", "Gempa", "Kebakaran", "Reklamasi", "Sengketa", "Mudik", "Banjir Rob",
];
const topicTails = [
  "Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Yogyakarta", "Palembang", "Denpasar",
  "Beras", "Cabai", "Minyak Goreng", "BBM", "Listrik", "Emas", "Daging", "Gula", "Bawang", "Garam", "Kedelai",
  "Sumatera", "Kalimantan", "Sulawesi", "Papua", "Bali", "Lombok", "Maluku", "Riau", "Aceh", "Banten",
];
const firstNames = [
  "Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari",
  "Made", "Nur", "Oki", "Putri", "Rizki", "Sari", "Taufik", "Wulan", "Yusuf", "Zahra",
];
const lastNames = [
  "Pratama", "Saputra", "Wijaya", "Kusuma", "Hidayat", "Nugroho", "Santoso", "Siregar", "Nasution", "Lubis",
  "Harahap", "Simanjuntak", "Wibowo", "Permana", "Rahman", "Setiawan",
];

/** ~600 topic names: "Nasional" first, then head × tail pairs in a fixed shuffled order. */
function topicNames(): string[] {
  const pairs: string[] = [];
  for (const head of topicHeads) for (const tail of topicTails) pairs.push(`${head} ${tail}`);
  const random = mulberry32(600);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return [commonTopic, ...pairs.slice(0, 599)];
}

/**
 * Cumulative Zipf–Mandelbrot weights 1 / (rank + 3)^1.1 over ranks 1..n, for the topics after the
 * common one: at 10,000 articles the largest few are on 10–18 % of articles, the median on ~17.
 */
function zipfTable(count: number): number[] {
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 1; rank <= count; rank++) cumulative.push((sum += 1 / (rank + 3) ** 1.1));
  return cumulative.map((value) => value / sum);
}

function sampleCumulative(random: Random, cumulative: readonly number[]): number {
  const target = random();
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

const allTopics = topicNames();
const otherTopics = allTopics.slice(1);
const topicZipf = zipfTable(otherTopics.length);
const outletCumulative = outletWeights.reduce<number[]>((list, weight) => [...list, (list[list.length - 1] ?? 0) + weight], []);
const reporters = firstNames.flatMap((first) => lastNames.slice(0, 6).map((last) => `${first} ${last}`)).slice(0, 120);

/** Words tied to each topic, so articles on one topic share vocabulary (as real coverage does). */
function topicWords(topic: string): string[] {
  const random = mulberry32(Array.from(topic).reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0, 2166136261));
  return [...topic.toLowerCase().split(" "), pick(random, contentWords), pick(random, contentWords), pick(random, contentWords)];
}

export interface GeneratedArticle {
  /** Path relative to the corpus folder: "2019/kompas-2019-03-04-….md". */
  file: string;
  title: string;
  /** ISO 8601 with +07:00. */
  date: string;
  epochMs: number;
  /** Site URL of the article, as src/content/schema.ts derives it. */
  url: string;
  topics: string[];
  text: string;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function makeTitle(random: Random, topics: readonly string[]): string {
  const main = topics[topics.length > 1 && topics[0] === commonTopic ? 1 : 0]!;
  const words = [pick(random, titleOpeners), main];
  const extra = between(random, 3, 7);
  for (let i = 0; i < extra; i++) {
    const roll = random();
    words.push(roll < 0.4 ? pick(random, contentWords) : roll < 0.6 ? pick(random, verbs) : roll < 0.8 ? pick(random, adjectives) : pick(random, functionWords));
  }
  if (random() < 0.3) words.push(pick(random, places));
  return words.map((word, index) => (index === 0 ? capitalize(word) : word)).join(" ");
}

function makeSentence(random: Random, vocabulary: readonly string[], length: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    const roll = random();
    words.push(
      roll < 0.35 ? pick(random, functionWords)
      : roll < 0.55 ? pick(random, vocabulary)
      : roll < 0.85 ? pick(random, contentWords)
      : roll < 0.95 ? pick(random, verbs)
      : pick(random, adjectives),
    );
  }
  return words;
}

/** A paragraph of exactly `wordCount` words in sentences of 8–16 words. */
function makeParagraph(random: Random, vocabulary: readonly string[], wordCount: number): string {
  const sentences: string[] = [];
  for (let left = wordCount; left > 0; ) {
    const length = Math.min(left, between(random, 8, 16));
    left -= length;
    sentences.push(`${capitalize(makeSentence(random, vocabulary, length).join(" "))}.`);
  }
  return sentences.join(" ");
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** "2019-03-04T09:05:00+07:00" for an instant, in Jakarta time (UTC+7, no DST). */
function jakartaIso(epochMs: number): { iso: string; year: string; month: string; day: string } {
  const local = new Date(epochMs + 7 * 3_600_000);
  const year = String(local.getUTCFullYear());
  const month = pad(local.getUTCMonth() + 1);
  const day = pad(local.getUTCDate());
  return { iso: `${year}-${month}-${day}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00+07:00`, year, month, day };
}

/** YAML double-quoted scalar: JSON strings are valid YAML. */
const quote = (value: string) => JSON.stringify(value);

interface State {
  articles: GeneratedArticle[];
  urls: Set<string>;
  files: Set<string>;
}

function makeArticle(seed: number, index: number, state: State, dateOverride?: number): GeneratedArticle {
  const random = mulberry32(articleSeed(seed, index));
  const source = outletKeys[sampleCumulative(random, outletCumulative)]!;
  const section = pick(random, rubrics);

  const topicCount = between(random, 2, 6);
  const topics: string[] = random() < commonTopicShare ? [commonTopic] : [];
  while (topics.length < topicCount) {
    const topic = otherTopics[sampleCumulative(random, topicZipf)]!;
    if (!topics.includes(topic)) topics.push(topic);
  }

  const previous = state.articles[state.articles.length - 1];
  let epochMs = dateOverride ?? (previous && random() < 0.02 ? previous.epochMs : firstInstant + Math.floor(random() * ((lastInstant - firstInstant) / 60_000)) * 60_000);
  const { iso, year, month, day } = jakartaIso(epochMs);

  let title = makeTitle(random, topics);
  let slug = slugify(title);
  // Titles are random; a repeat on the same day would give two articles one URL (a build error).
  while (state.urls.has(`/${year}/${month}/${day}/${slug}/`)) {
    title = `${title} ${pick(random, contentWords)}`;
    slug = slugify(title);
  }
  const url = `/${year}/${month}/${day}/${slug}/`;

  const vocabulary = topics.flatMap(topicWords);
  const paragraphCount = between(random, 5, 10);
  const totalWords = between(random, 250, 400);
  const paragraphs: string[] = [];
  for (let p = 0; p < paragraphCount; p++) {
    const words = Math.floor(totalWords / paragraphCount) + (p < totalWords % paragraphCount ? 1 : 0);
    let paragraph = makeParagraph(random, vocabulary, words);
    if (p === 0) paragraph = `${pick(random, places).toUpperCase()} - ${paragraph}`;
    paragraphs.push(paragraph);
    // A read-also line pointing at an earlier article, as outlets put between paragraphs.
    if (p === 1 && state.articles.length > 0 && random() < 0.35) {
      paragraphs.push(`Baca: ${pick(random, state.articles).title}`);
    }
  }

  const reporter = random() < 0.85 ? pick(random, reporters) : undefined;
  const signoff = random() < 0.5 ? `(${source.slice(0, 3)}/${pick(random, firstNames).slice(0, 3).toLowerCase()})` : undefined;
  const lines = [
    "---",
    `title: ${quote(title)}`,
    `date: ${quote(iso)}`,
    `source: ${source}`,
    `section: ${section}`,
    `reporter: ${reporter === undefined ? "" : quote(reporter)}`,
    `dateline: ${random() < 0.5 ? quote(pick(random, places)) : ""}`,
    "tags:",
    ...topics.map((topic) => `  - ${quote(topic)}`),
    ...(signoff === undefined ? [] : [`signoff: ${quote(signoff)}`]),
    "---",
    "",
    paragraphs.join("\n\n"),
    "",
  ];

  let base = `${source}-${year}-${month}-${day}-${slug.split("-").slice(0, 5).join("-")}`;
  if (state.files.has(`${year}/${base}.md`)) base = `${base}-${index}`;
  const file = `${year}/${base}.md`;
  const article: GeneratedArticle = { file, title, date: iso, epochMs, url, topics, text: lines.join("\n") };
  state.articles.push(article);
  state.urls.add(url);
  state.files.add(file);
  return article;
}

/** The n articles of the corpus for `seed`, in generation order (not date order). */
export function makeCorpus(n: number, seed: number): GeneratedArticle[] {
  const state: State = { articles: [], urls: new Set(), files: new Set() };
  for (let index = 0; index < n; index++) makeArticle(seed, index, state);
  return state.articles;
}

/** Article n + 1 of the corpus of n: the newest of all, one hour after the newest. */
/**
 * One more article for the corpus: the newest (an hour after the last), or, with `at: "middle"`,
 * a back-filled one dated at the corpus's median time, as an editor importing an old capture adds.
 */
export function makeExtraArticle(corpus: readonly GeneratedArticle[], seed: number, at: "newest" | "middle" = "newest"): GeneratedArticle {
  const state: State = { articles: [...corpus], urls: new Set(corpus.map((a) => a.url)), files: new Set(corpus.map((a) => a.file)) };
  const times = corpus.map((article) => article.epochMs).sort((a, b) => a - b);
  const when = at === "newest" ? times[times.length - 1]! + 3_600_000 : times[Math.floor(times.length / 2)]! + 1_800_000;
  return makeArticle(seed, corpus.length, state, when);
}

async function writeArticles(dir: string, articles: readonly GeneratedArticle[]): Promise<void> {
  const folders = new Set(articles.map((article) => path.dirname(path.join(dir, article.file))));
  for (const folder of folders) await fs.mkdir(folder, { recursive: true });
  // Bounded concurrency: thousands of parallel writes would only queue in libuv.
  const queue = [...articles];
  const worker = async () => {
    for (let article = queue.pop(); article; article = queue.pop()) await fs.writeFile(path.join(dir, article.file), article.text);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

export interface CorpusOptions {
  n: number;
  seed: number;
  /** Emptied first, then filled. */
  dir: string;
}

/** Writes the corpus of n articles into `dir` (emptied first) and returns what it wrote. */
export async function generateCorpus({ n, seed, dir }: CorpusOptions): Promise<GeneratedArticle[]> {
  const articles = makeCorpus(n, seed);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await writeArticles(dir, articles);
  return articles;
}

/** Adds article n + 1 (see `makeExtraArticle`) to a corpus folder written by `generateCorpus`. */
export async function addOneArticle({ n, seed, dir }: CorpusOptions): Promise<GeneratedArticle> {
  const extra = makeExtraArticle(makeCorpus(n, seed), seed);
  await writeArticles(dir, [extra]);
  return extra;
}
