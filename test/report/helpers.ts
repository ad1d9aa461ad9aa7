// Small checks shared by the report tests.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Checks that the tags of an HTML or SVG text nest properly (void elements
 * and `/>` need no end tag; `<style>` content is skipped). Returns the
 * problems found, empty when the text is well formed enough.
 */
export function tagProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = text.replace(/<!DOCTYPE[^>]*>/i, '').replace(/<style[^>]*>[\s\S]*?<\/style>/gi, '<style></style>');
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>/g;
  let last = 0;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) problems.push(`stray < or > before offset ${m.index}: ${JSON.stringify(between.slice(0, 60))}`);
    last = re.lastIndex;
    const [, close, rawName, , selfClose] = m;
    const name = rawName!.toLowerCase();
    if (close === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at offset ${m.index}`);
    } else if (selfClose !== '/' && !VOID.has(name)) stack.push(name);
  }
  if (/[<>]/.test(body.slice(last))) problems.push('stray < or > at the end');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

/** Occurrences of `needle` in `text`. */
export function count(text: string, needle: string | RegExp): number {
  if (typeof needle === 'string') return text.split(needle).length - 1;
  return (text.match(new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : `${needle.flags}g`)) ?? []).length;
}
