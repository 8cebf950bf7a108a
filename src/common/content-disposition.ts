import { create } from 'content-disposition';
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
 * A Content-Disposition for a download whose name may be Chinese: the real (savable) name as
 * RFC 6266 / 8187 `filename*`, and `asciiFallback`, made savable and ASCII, as `filename` for
 * old clients. The `content-disposition` package writes the header.
 */
export function attachment(fileName: string, asciiFallback: string): string {
  return create(savableFileName(fileName), { fallback: savableFileName(asciiFallback).replace(/[^\x20-\x7e]/g, '_') });
}
