import { FrameBatcher } from '../frame-batcher';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('applying events at most once per frame', () => {
  it('applies a lone event at once', () => {
    const applied: number[][] = [];

    new FrameBatcher<number>((items) => applied.push(items)).push(1);
    expect(applied).toEqual([[1]]);
  });

  it('applies a few events of one frame one by one (a tool call, its result, a token)', () => {
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items));

    for (let i = 1; i <= 3; i++) batcher.push(i);
    expect(applied).toEqual([[1], [2], [3]]);
  });

  it('applies the rest of a burst together, on the next frame', async() => {
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items));

    for (let i = 1; i <= 20; i++) batcher.push(i);
    expect(applied).toHaveLength(8);
    await nextFrame();
    expect(applied.slice(8)).toEqual([[9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]]);
  });

  it('applies events one by one again once a frame was drawn', async() => {
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items));

    for (let i = 1; i <= 10; i++) batcher.push(i);
    await nextFrame();
    await nextFrame();
    batcher.push(11);
    expect(applied.at(-1)).toEqual([11]);
  });

  it('applies what is queued when asked to, and nothing twice', async() => {
    const applied: number[][] = [];
    const batcher = new FrameBatcher<number>((items) => applied.push(items));

    for (let i = 1; i <= 10; i++) batcher.push(i);
    batcher.flush();
    await nextFrame();
    expect(applied.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
