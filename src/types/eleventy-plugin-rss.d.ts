// @11ty/eleventy-plugin-rss ships no type declarations; this covers what src/archive/feeds.ts calls.
declare module "@11ty/eleventy-plugin-rss" {
  const plugin: {
    convertHtmlToAbsoluteUrls(html: string, base: string): Promise<string>;
  };
  export default plugin;
}
