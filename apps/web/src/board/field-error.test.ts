import { kindDef } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { cidrProblem, fieldError } from './field-error.ts';

const subnetCidr = kindDef('subnet').fields.cidr!.meta;

describe('CIDR field messages', () => {
  it('accepts well-formed blocks', () => {
    expect(cidrProblem('10.0.1.0/24')).toBeNull();
    expect(fieldError(subnetCidr, ' 10.0.0.0/16 ')).toBeNull();
  });

  it('says which part is wrong, with a subnet-sized example', () => {
    expect(fieldError(subnetCidr, '10.0.0.300/24')).toBe(
      '300 is not an address part: each of the four numbers is 0-255. Write it like 10.0.1.0/24.',
    );
    expect(cidrProblem('10.0.1.0')).toMatch(/^"10\.0\.1\.0" has no prefix length/);
    expect(cidrProblem('10.0.1.0/40')).toMatch(/^\/40 is not a prefix length/);
    expect(cidrProblem('ten/8')).toMatch(/^"ten\/8" is not an IPv4 block/);
  });
});
