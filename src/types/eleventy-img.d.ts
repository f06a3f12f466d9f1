/** The part of @11ty/eleventy-img 6 that src/build/photos.ts uses (the package ships no types). */
declare module "@11ty/eleventy-img" {
  interface ImageStat {
    format: string;
    width: number;
    height: number;
    filename: string;
    url: string;
    size: number;
    /** With `dryRun`: the encoded file. */
    buffer?: Buffer;
  }
  interface ImageOptions {
    widths?: (number | "auto" | null)[];
    formats?: string[];
    formatFiltering?: string[] | false;
    dryRun?: boolean;
    useCache?: boolean;
    urlPath?: string;
    outputDir?: string;
    fixOrientation?: boolean;
    filenameFormat?: (id: string, src: unknown, width: number, format: string) => string;
    sharpOptions?: Record<string, unknown>;
    sharpJpegOptions?: Record<string, unknown>;
    sharpWebpOptions?: Record<string, unknown>;
    sharpAvifOptions?: Record<string, unknown>;
    minimumThreshold?: number;
  }
  function Image(src: string | Buffer, options?: ImageOptions): Promise<Record<string, ImageStat[]>>;
  namespace Image {
    let concurrency: number;
  }
  export default Image;
}
