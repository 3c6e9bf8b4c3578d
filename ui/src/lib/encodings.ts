// The text encodings a CSV or TSV source can be read with, as the UI names them.
import type { TextEncodingDto } from "./backend";

export const ENCODINGS: { encoding: TextEncodingDto; label: string }[] = [
  { encoding: "utf-8", label: "UTF-8" },
  { encoding: "utf-16", label: "UTF-16 (little-endian)" },
  { encoding: "latin-1", label: "Latin-1 (ISO-8859-1)" },
  { encoding: "windows-1252", label: "Windows-1252 (Western)" },
  { encoding: "utf-16be", label: "UTF-16 (big-endian)" },
];

export function encodingLabel(encoding: TextEncodingDto): string {
  return ENCODINGS.find((e) => e.encoding === encoding)?.label ?? encoding;
}
