import { drawableText } from './readable-text.js';

/**
 * A name a computer can save a file under: the characters no file system takes (Windows' list)
 * become `_`, and what drawableText replaces (a NUL, or a direction override that makes
 * `报告_exe.pdf` display as another name) becomes □. File names carry village and householder
 * names, which may hold text stored before the input rules.
 */
export function savableFileName(fileName: string): string {
  return drawableText(fileName).replace(/[\\/:*?"<>|\t\r\n]/g, '_');
}

/**
 * A Content-Disposition for a download whose name may be Chinese: an ASCII fallback for old
 * clients and the real name as RFC 6266 / 5987 `filename*`.
 */
export function attachment(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(savableFileName(fileName)).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encoded}`;
}
