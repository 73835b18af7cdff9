/** Vite's `?url` imports: the asset's address in the build (the pdf.js worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
