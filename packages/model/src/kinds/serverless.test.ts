import { describe, expect, it } from 'vitest';
import { board } from '../../test/helpers.ts';
import { parseBoard } from '../parse.ts';
import { NETWORKED_KINDS, canContain, kindDef } from './index.ts';

const issuesOf = (nodes: Parameters<typeof board>[0]) => {
  const r = parseBoard(board(nodes));
  return r.ok ? [] : r.issues.map((i) => i.path);
};

describe('Lambda function and API Gateway schemas', () => {
  it('accept a VPC function listing its other subnets, and an HTTP and a private REST API', () => {
    expect(
      issuesOf([
        {
          id: 'fn',
          kind: 'lambda-function',
          props: { runtime: 'python3.13', memorySize: 1024, timeout: 30 },
        },
        { id: 'api', kind: 'api-gateway', props: { apiType: 'HTTP', stageName: '$default' } },
        {
          id: 'rest',
          kind: 'api-gateway',
          props: { apiType: 'REST', endpointType: 'PRIVATE', vpcLinkVersion: 'v1' },
        },
      ]),
    ).toEqual([]);
  });

  it('keep out-of-range memory and timeouts for the validator to explain, but reject wrong types and unknown options', () => {
    expect(
      issuesOf([{ id: 'fn', kind: 'lambda-function', props: { memorySize: 64, timeout: 901 } }]),
    ).toEqual([]);
    expect(
      issuesOf([
        {
          id: 'fn',
          kind: 'lambda-function',
          props: { memorySize: '512' as never, runtime: 'cobol' as never },
        },
        { id: 'api', kind: 'api-gateway', props: { apiType: 'GRAPHQL' as never } },
      ]),
    ).toEqual(['$.nodes[0].props.runtime', '$.nodes[0].props.memorySize', '$.nodes[1].props.apiType']);
  });

  it('a function may sit at the root or in a subnet and takes security groups; an API only at the root', () => {
    expect([canContain(null, 'lambda-function'), canContain('subnet', 'lambda-function')]).toEqual([
      true,
      true,
    ]);
    expect([canContain(null, 'api-gateway'), canContain('subnet', 'api-gateway')]).toEqual([true, false]);
    expect(NETWORKED_KINDS).toContain('lambda-function');
    expect(kindDef('lambda-function').network?.publicAddress).toBe('never');
    expect(kindDef('lambda-function').publicEndpoint).toBe('calls');
    expect(kindDef('api-gateway').publicEndpoint).toBe('calls');
  });
});
