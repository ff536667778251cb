import { describe, expect, it } from 'vitest';
import { net } from '../../test/boards.ts';
import { validateBoard } from '../engine.ts';
import { fargateSizeProblem, isPrivateEcrImage } from './compute.ts';

describe('Fargate task sizes (the task size table of the ECS developer guide)', () => {
  it.each([
    [256, 512],
    [256, 1024],
    [256, 2048],
    [512, 1024],
    [512, 4096],
    [1024, 3072],
    [2048, 16384],
    [4096, 8192],
    [4096, 30720],
    [8192, 16384],
    [8192, 20480],
    [8192, 61440],
    [16384, 32768],
    [16384, 40960],
    [16384, 122880],
  ])('accepts %i CPU units with %i MiB', (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toBeUndefined();
  });

  it.each([
    [256, 1536, /512, 1024 or 2048 MiB/], // the smallest size has no 1.5 GB
    [256, 4096, /512, 1024 or 2048 MiB/],
    [512, 512, /1024-4096 MiB/],
    [512, 1536, /steps of 1024 MiB/],
    [1024, 9216, /2048-8192 MiB/],
    [4096, 31744, /8192-30720 MiB/],
    [8192, 17408, /steps of 4096 MiB/],
    [16384, 36864, /steps of 8192 MiB/],
    [768, 2048, /not a Fargate size/],
  ])('rejects %i CPU units with %i MiB', (cpu, memory, why) => {
    expect(fargateSizeProblem(cpu, memory)).toMatch(why);
  });
});

describe('which images VPC endpoints can serve', () => {
  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4', true],
    ['123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/api@sha256:abc', true],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api', true],
    ['public.ecr.aws/nginx/nginx:stable', false], // ECR Public: through the internet
    ['nginx:latest', false], // Docker Hub
    ['ghcr.io/org/app:1', false],
  ])('%s: private ECR %s', (image, expected) => {
    expect(isPrivateEcrImage(image)).toBe(expected);
  });
});

describe('Fargate image pulls without a NAT route', () => {
  const pulls = (image: string, nat: boolean) =>
    validateBoard(
      net({
        remove: nat ? [] : ['r_priv_a', 'r_priv_b'],
        add: [
          { id: 'svc', kind: 'ecs-service', parentId: 'priv_a', props: { image, subnetIds: ['priv_b'] } },
        ],
      }),
    )
      .filter((f) => f.ruleId === 'ECS_IMAGE_PULL_NO_ROUTE')
      .map((f) => f.message);

  it('names the endpoints a private ECR image needs, once per subnet', () => {
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1';
    expect(pulls(image, false)).toEqual(
      ['priv_a', 'priv_b'].map(
        (s) =>
          `ECS service (Fargate) "svc" cannot pull ${image} in Subnet "${s}": the subnet has no 0.0.0.0/0 route to a NAT, and the VPC endpoints ECR needs are missing: ecr.api (interface), ecr.dkr (interface), s3 (gateway).`,
      ),
    );
    expect(pulls(image, true)).toEqual([]);
  });

  it('stays silent for a private ECR image with the ECR interface endpoints and an S3 gateway endpoint on its subnets', () => {
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1';
    const endpoints = (s3Subnets: string[]) =>
      validateBoard(
        net({
          remove: ['r_priv_a', 'r_priv_b'],
          add: [
            { id: 'svc', kind: 'ecs-service', parentId: 'priv_a', props: { image, subnetIds: ['priv_b'] } },
            { id: 'ecr_api', kind: 'interface-endpoint', parentId: 'priv_a', props: { service: 'ecr.api' } },
            { id: 'ecr_dkr', kind: 'interface-endpoint', parentId: 'priv_a', props: { service: 'ecr.dkr' } },
            { id: 's3', kind: 'gateway-endpoint', parentId: 'v', props: { service: 's3' } },
          ],
          edges: s3Subnets.map((s) => ({ id: `a_s3_${s}`, kind: 'association', source: 's3', target: s })),
        }),
      )
        .filter((f) => f.ruleId === 'ECS_IMAGE_PULL_NO_ROUTE')
        .map((f) => f.message);
    expect(endpoints(['priv_a', 'priv_b'])).toEqual([]);
    // The S3 gateway endpoint serves only the route tables associated with it.
    expect(endpoints(['priv_a'])).toEqual([
      `ECS service (Fargate) "svc" cannot pull ${image} in Subnet "priv_b": the subnet has no 0.0.0.0/0 route to a NAT, and the VPC endpoints ECR needs are missing: s3 (gateway).`,
    ]);
  });

  it('says an image from another registry needs the internet', () => {
    expect(pulls('nginx:latest', false)[0]).toMatch(
      /only images in your private ECR can come through VPC endpoints/,
    );
  });
});
