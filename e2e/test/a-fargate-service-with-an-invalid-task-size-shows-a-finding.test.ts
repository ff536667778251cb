import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, node, openBoard, person } from '../src/harness.ts';

/** The three-tier template with its first app tier served by an ECS service on Fargate instead. */
function withFargateService() {
  const b = threeTier();
  const app = b.nodes.find((n) => n.id === 'app_a')!;
  Object.assign(app, {
    id: 'svc',
    kind: 'ecs-service',
    label: 'Orders service',
    props: { containerPort: 8080, subnetIds: ['private_b'] },
  });
  for (const e of b.edges) {
    if (e.source === 'app_a') e.source = 'svc';
    if (e.target === 'app_a') e.target = 'svc';
  }
  return b;
}

describe.runIf(chromiumAvailable())('an ECS service on Fargate', () => {
  const stratus = useServerAndBrowser();

  it('shows its task size on its face, reports a size Fargate does not offer, and clears it once fixed', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Fargate', board: withFargateService() });
    const page = await openBoard(await person(browser, 'Ada Finch', '#0ea5e9'), server, board);
    const errors = page.locator('[data-testid="count-error"]');
    await expect.poll(() => errors.textContent()).toBe('0');
    const svc = node(page, 'svc');
    expect(await svc.textContent()).toContain('Orders service');
    expect(await svc.locator('img').count()).toBeGreaterThan(0);

    await svc.click();
    await page.locator('#prop-memory').fill('4096');
    await expect.poll(async () => (await svc.textContent()) ?? '').toContain('4096');
    await page.locator('[data-testid="issues-tab"]').click();
    const group = page.locator('[data-rule-group="ECS_FARGATE_TASK_SIZE"]');
    await group.waitFor({ timeout: 10_000 });
    expect(await group.textContent()).toContain('256 CPU units takes 512, 1024 or 2048 MiB, not 4096 MiB');
    await expect.poll(() => errors.textContent()).toBe('1');

    await page.getByRole('tab', { name: 'Properties' }).click();
    await page.locator('#prop-cpu').fill('1024');
    await page.locator('[data-testid="issues-tab"]').click();
    await expect.poll(() => group.count()).toBe(0);
    await expect.poll(() => errors.textContent()).toBe('0');
  });
});
