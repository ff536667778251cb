/** Capitalised words a sentence-case title may hold: AWS terms and product names. */
export const TERMS = new Set([
  'VPC',
  'VPCs',
  'CIDR',
  'IP',
  'NAT',
  'IOPS',
  'TTL',
  'TTLs',
  'KB',
  'ACL',
  'Elastic',
  'Aurora',
  'Redis',
  'Memcached',
  'ECS',
  'Fargate',
  'Auto',
  'Scaling',
  'S3',
  'DynamoDB',
  'HTTPS',
  'DNS',
  'API',
  'APIs',
  'HTTP',
  'REST',
]);

/** What is wrong with a title as a person would read it (empty when nothing is). */
export function titleProblems(title: string, ruleId: string): string[] {
  const problems: string[] = [];
  const idWords = ruleId.toLowerCase().split('_');
  const plain = (t: string) =>
    t
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  // Mechanical transforms of the id: its words in order (any case), or with a word or two dropped.
  if (plain(title) === idWords.join(' ')) problems.push('is the rule id spelt out');
  const words = plain(title).split(' ');
  if (words.every((w) => idWords.includes(w))) problems.push('uses only the words of the rule id');
  if (!/^[A-Z]/.test(title)) problems.push('does not start with a capital');
  if (/[.!:;,]$/.test(title)) problems.push('ends with punctuation');
  if (title.length > 70) problems.push('is longer than 70 characters');
  title.split(/[\s/]+/).forEach((raw, i) => {
    const w = raw.replace(/['’]s$/, '').replace(/[^A-Za-z0-9-]/g, '');
    if (/[A-Z].*[A-Z]/.test(w) && !TERMS.has(w)) problems.push(`has the abbreviation ${w}`);
    else if (i > 0 && /^[A-Z]/.test(w) && !TERMS.has(w))
      problems.push(`capitalises ${w} (not sentence case)`);
  });
  return problems;
}
