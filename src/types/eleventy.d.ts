// Eleventy 3 ships no type declarations; these cover what this project calls.
declare module "@11ty/eleventy" {
  export interface EleventyConfig {
    addGlobalData(name: string, value: unknown): void;
    addTransform(name: string, transform: (this: { outputPath: string | false }, content: string, outputPath: string | false) => unknown): void;
    /** The transforms added so far, by name, in the order Eleventy runs them. */
    readonly transforms: Record<string, unknown>;
    addPassthroughCopy(paths: string | Record<string, string>): void;
    addWatchTarget(path: string): void;
    setLibrary(name: string, library: unknown): void;
    /** Calls `amend` with the template language's library once Eleventy has made it (for "njk", the Nunjucks `Environment`). */
    amendLibrary(name: string, amend: (library: any) => void): void;
    setServerOptions(options: Record<string, unknown>): void;
    setWatchThrottleWaitTime(ms: number): void;
    setQuietMode(quiet: boolean): void;
    on(event: string, callback: (...args: any[]) => unknown): void;
    addPlugin(plugin: unknown, options?: unknown): void;
    addTemplateFormats(formats: string): void;
    setTemplateFormats(formats: string[]): void;
    setIncludesDirectory(dir: string): void;
    setDataDirectory(dir: string): void;
    ignores: { add(pattern: string): void };
    watchIgnores: { add(pattern: string): void };
  }
  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    pathPrefix?: string;
    runMode?: "build" | "watch" | "serve";
    config?: (config: EleventyConfig) => void;
  }
  export class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    toJSON(): Promise<Array<{ url: string; outputPath: string; content: string }>>;
  }
  export default Eleventy;
}

declare module "@11ty/eleventy-dev-server" {
  export default class EleventyDevServer {
    static getServer(name: string, dir: string, options?: Record<string, unknown>): EleventyDevServer;
    serve(port: number): void;
    ready(): Promise<void>;
    getServerUrl(host: string): string;
    /** Internal in 2.x: starts listening; overridden to pass a host (src/cli/serve.ts). */
    _serverListen(port: number): void;
    server: import("node:http").Server;
    reload(event?: { files?: string[] }): void;
    close(): Promise<void>;
  }
}
