import { describe, expect, it } from 'vitest';
import { Progress } from '../src/batch/progress';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream, chunks };
}

describe('batch progress', () => {
  it('redraws one bar in place on a terminal', () => {
    const { stream, chunks } = fakeStream(true);
    const p = new Progress(10, stream, true);
    p.update(5, 1, true);
    p.line('ionscope: failed: x');
    p.update(10, 1, true);
    p.finish();
    // The bar redraws in place: carriage return, then ESC[K (erase to end of line).
    expect(chunks[0]?.startsWith('\r\x1b[K')).toBe(true);
    expect(chunks[0]?.slice(4)).toMatch(/^\[#{14}\.{14}\] 50% 5\/10 \(1 failed\)/);
    expect(chunks[1]).toBe('\r\x1b[K');
    expect(chunks[2]).toBe('ionscope: failed: x\n');
    expect(chunks[3]).toMatch(/\[#{28}\] 100% 10\/10/);
    expect(chunks.at(-1)).toBe('\n');
  });
  it('prints plain lines, at most once a second, when not on a terminal', () => {
    const { stream, chunks } = fakeStream(false);
    const p = new Progress(1000, stream, false);
    for (let i = 1; i <= 1000; i++) p.update(i, 0);
    expect(chunks.length).toBeLessThanOrEqual(3);
    expect(chunks.every((c) => c.startsWith('ionscope: ') && c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks.at(-1)).toMatch(/1000\/1000/);
  });
});
