/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function, by file and by
 * package, and inclusive ("total") time by function, so the report can say where a build's time
 * goes without opening DevTools.
 *
 *   npx tsx bench/profile-summary.ts bench/.work/profile/<file>.cpuprofile [--top 25]
 *
 * Format: https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile
 * (`samples[i]` is the node on top of the stack at sample i, `timeDeltas[i]` the microseconds
 * since the previous sample).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Entry {
  name: string;
  ms: number;
  /** Share of the profile's whole duration, 0–100. */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  selfByFunction: Entry[];
  selfByFile: Entry[];
  selfByPackage: Entry[];
  /** Time with the function anywhere on the stack (recursion counted once). */
  totalByFunction: Entry[];
}

const projectRoot = path.resolve(import.meta.dirname, "..");

/** "src/archive/related.ts", "node_modules/nunjucks/…", "node:internal/fs/promises", or a V8 pseudo-frame. */
function fileOf(frame: CallFrame): string {
  if (frame.url === "") return `(${frame.functionName.replace(/[()]/g, "") || "native"})`;
  let file = frame.url;
  if (file.startsWith("file://")) file = fileURLToPath(file);
  if (file.startsWith(projectRoot + path.sep)) file = path.relative(projectRoot, file);
  return file;
}

/** The npm package of a file (scope included), "project" for our own code, or the file itself. */
function packageOf(file: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (match) return match[1]!;
  if (file.startsWith("node:")) return "node (built-in modules)";
  if (file.startsWith("(")) return file;
  return /^(src|bench|templates)\/|^\.eleventy\.ts$/.test(file) ? `project: ${file.split("/")[0]}` : file;
}

function functionKey(frame: CallFrame): string {
  const file = fileOf(frame);
  if (file.startsWith("(")) return file;
  return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

function top(map: Map<string, number>, totalUs: number, count: number): Entry[] {
  return [...map]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: Math.round((1000 * us) / totalUs) / 10 }));
}

export function summarizeProfile(profile: CpuProfile, count = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, index) => selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const totalUs = [...selfByNode.values()].reduce((sum, us) => sum + us, 0);

  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const selfByFunction = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  for (const [id, us] of selfByNode) {
    const frame = byId.get(id)!.callFrame;
    const file = fileOf(frame);
    add(selfByFunction, functionKey(frame), us);
    add(selfByFile, file, us);
    add(selfByPackage, packageOf(file), us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = functionKey(byId.get(at)!.callFrame);
      if (!seen.has(key)) {
        seen.add(key);
        add(totalByFunction, key, us);
      }
    }
  }
  return {
    totalMs: Math.round(totalUs / 1000),
    selfByFunction: top(selfByFunction, totalUs, count),
    selfByFile: top(selfByFile, totalUs, count),
    selfByPackage: top(selfByPackage, totalUs, count),
    totalByFunction: top(totalByFunction, totalUs, count * 2),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const section = (title: string, entries: Entry[]) =>
    [`${title}`, ...entries.map((entry) => `${String(entry.ms).padStart(8)} ms ${entry.percent.toFixed(1).padStart(5)} %  ${entry.name}`)].join("\n");
  return [
    `profile: ${(summary.totalMs / 1000).toFixed(1)} s of samples`,
    section("\nself time by package", summary.selfByPackage),
    section("\nself time by file", summary.selfByFile),
    section("\nself time by function", summary.selfByFunction),
    section("\ntotal (inclusive) time by function", summary.totalByFunction),
  ].join("\n");
}

export async function readProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await fs.readFile(file, "utf8")) as CpuProfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N]");
    process.exit(2);
  }
  const topIndex = process.argv.indexOf("--top");
  const count = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
  console.log(formatSummary(summarizeProfile(await readProfile(file), count)));
}
