/** Where an id holds a control character, and which one (`U+0000`). */
export interface ControlCharacterFound {
  index: number;
  /** e.g. `U+0000`. */
  codePoint: string;
}

/**
 * The first C0 control (U+0000–U+001F, including NUL, CR, LF and TAB), DEL or C1 control
 * (U+0080–U+009F) in `value`, if any. Ids (Message-IDs, thread ids, references) never contain one
 * legitimately; a forged one with NUL would be refused by PostgreSQL's text type on every retry.
 * @example firstControlCharacter('<a\u0000@b>') // { index: 2, codePoint: 'U+0000' }
 */
export function firstControlCharacter(value: string): ControlCharacterFound | undefined {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) {
      return { index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
    }
  }
  return undefined;
}

/** Why an id with a control character is refused, e.g. for a schema issue or an error message. */
export function controlCharacterReason(found: ControlCharacterFound): string {
  return `must not contain control characters (found ${found.codePoint} at index ${found.index})`;
}
