import { NODE_KINDS } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { iconUrl } from './icons.ts';

describe('icon map', () => {
  it.each(NODE_KINDS.filter((k) => !k.whiteboard).map((k) => [k.kind, k.icon] as const))(
    'has an AWS icon for %s (key %s)',
    (_kind, key) => {
      expect(iconUrl(key)).toBeTruthy();
    },
  );

  it('has the public-subnet variant the subnet face switches to', () => {
    expect(iconUrl('subnet-public')).toBeTruthy();
  });
});
