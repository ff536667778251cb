import { describe, expect, it } from 'vitest';
import { LABEL_BOOST_BELOW, labelSize } from './Canvas.tsx';

describe('node names zoomed out', () => {
  it('are drawn at their normal size from the boost threshold up', () => {
    expect(labelSize(1)).toBe(12.5);
    expect(labelSize(LABEL_BOOST_BELOW)).toBe(12.5);
    expect(labelSize(2)).toBe(12.5);
  });

  it('grow when zoomed out so they stay about 8 px on screen, up to what a box holds', () => {
    // The three-tier template fits a 1440 px window at about 0.5.
    expect(labelSize(0.5)).toBe(16);
    expect(labelSize(0.5) * 0.5).toBeGreaterThanOrEqual(8);
    expect(labelSize(0.6)).toBe(13.5);
    expect(labelSize(0.7)).toBe(12.5);
    expect(labelSize(0.2)).toBe(17);
    expect(labelSize(0)).toBe(12.5);
  });
});
