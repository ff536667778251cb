import { field } from '../fields.ts';
import { defineKind } from './define.ts';

export const cloudfrontDistribution = defineKind({
  kind: 'cloudfront-distribution',
  title: 'CloudFront',
  category: 'edge',
  description: 'A CDN distribution caching content at edge locations; draw an origin edge to what it serves.',
  icon: 'cloudfront',
  exportName: 'cdn',
  container: false,
  parents: ['root'],
  fields: {
    minTtl: field.integer('Minimum TTL', { unit: 's', default: 0, min: 0 }),
    defaultTtl: field.integer('Default TTL', { unit: 's', default: 86400, min: 0 }),
    maxTtl: field.integer('Maximum TTL', { unit: 's', default: 31536000, min: 0 }),
    priceClass: field.enum('Price class', ['PriceClass_All', 'PriceClass_200', 'PriceClass_100'], {
      default: 'PriceClass_100',
    }),
    viewerProtocolPolicy: field.enum('Viewer protocol', ['redirect-to-https', 'https-only', 'allow-all'], {
      default: 'redirect-to-https',
    }),
    defaultRootObject: field.string('Default root object', { default: 'index.html' }),
    aliases: field.strings('Alternate domain names', { format: 'domain' }),
  },
  face: ['defaultTtl', 'priceClass'],
  publicEndpoint: 'calls',
});

export const s3Bucket = defineKind({
  kind: 's3-bucket',
  title: 'S3 bucket',
  category: 'edge',
  description: 'Object storage; a common CloudFront origin.',
  icon: 's3',
  exportName: 'bucket',
  container: false,
  parents: ['root'],
  fields: {
    bucketName: field.string('Bucket name', { help: 'Left unset, AWS generates a unique name.' }),
    versioning: field.boolean('Versioning', { default: false }),
    blockPublicAccess: field.boolean('Block public access', { default: true }),
    encryption: field.enum('Encryption', ['SSE-S3', 'SSE-KMS'], { default: 'SSE-S3' }),
    websiteHosting: field.boolean('Static website hosting', { default: false }),
  },
  face: ['versioning'],
  publicEndpoint: 'polled',
  endpointService: 's3',
});

export const route53Zone = defineKind({
  kind: 'route53-zone',
  title: 'Route 53 zone',
  category: 'edge',
  description: 'A DNS hosted zone.',
  icon: 'route53',
  exportName: 'zone',
  container: false,
  parents: ['root'],
  fields: {
    domainName: field.string('Domain', { format: 'domain', placeholder: 'example.com' }),
    privateZone: field.boolean('Private zone', { default: false }),
  },
  face: ['domainName'],
  publicEndpoint: 'calls',
});

export const customOrigin = defineKind({
  kind: 'custom-origin',
  title: 'Custom HTTP server',
  category: 'edge',
  description: 'An HTTP server outside AWS (on premises, another cloud) used as a CloudFront origin.',
  icon: 'custom-origin',
  exportName: 'custom_origin',
  container: false,
  parents: ['root'],
  fields: {
    domainName: field.string('Domain', { format: 'domain', placeholder: 'origin.example.com' }),
    httpsOnly: field.boolean('HTTPS only', { default: true }),
  },
  face: ['domainName'],
  publicEndpoint: 'calls',
});
