import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, labels, node, openBoard, person, waitLive } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('review links', () => {
  const stratus = useServerAndBrowser();

  it('the owner shares a view link; the viewer cannot edit but sees live changes and comments', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Review', board: threeTier() });
    const owner = await openBoard(await person(browser, 'Olga Owner', '#16a34a'), server, board);
    await owner.locator('[data-testid="role"][data-role="owner"]').waitFor();

    // The owner creates a view-only link in the share dialog.
    await owner.locator('[data-testid="share"]').click();
    await owner.locator('[data-testid="share-role"]').selectOption('view');
    await owner.locator('[data-testid="share-create"]').click();
    const url = await owner.locator('[data-testid="share-url"]').inputValue();
    expect(url).toMatch(new RegExp(`/b/${board.id}#token=sl_`));
    await expect
      .poll(() => owner.locator('[data-testid="share-links"] li[data-status="active"]').count())
      .toBe(1);
    await owner.locator('.dialog [aria-label="Close"]').first().click();

    // A second person opens the link.
    const viewerCtx = await person(browser, 'Vic Viewer', '#2563eb');
    const viewer = await viewerCtx.newPage();
    viewer.on('pageerror', (e) => console.error(`[viewer] ${e.message}`));
    await viewer.goto(url);
    await waitLive(viewer);
    await viewer.locator('[data-testid="role"][data-role="view"]').waitFor();
    // The token left the address bar (kept in localStorage for this board).
    expect(viewer.url()).not.toContain('token=');
    // No palette, no share button, no editing of properties or the board name.
    expect(await viewer.locator('.palette').count()).toBe(0);
    expect(await viewer.locator('[data-testid="share"]').count()).toBe(0);
    expect(await viewer.locator('input[aria-label="Board name"]').getAttribute('readonly')).not.toBeNull();
    await node(viewer, 'users').click();
    const props = viewer.locator('[data-testid="properties"]');
    await props.waitFor();
    expect(await props.evaluate((el) => (el as HTMLFieldSetElement).disabled)).toBe(true);
    const firstInput = props.locator('input, select, textarea').first();
    expect(await firstInput.isDisabled()).toBe(true);

    // Dragging a node does nothing (and the connection stays up).
    const before = await node(viewer, 'users').boundingBox();
    const pane = viewer.locator('.react-flow__pane');
    const paneBox = (await pane.boundingBox())!;
    await viewer.mouse.move(before!.x + before!.width / 2, before!.y + before!.height / 2);
    await viewer.mouse.down();
    await viewer.mouse.move(paneBox.x + paneBox.width - 200, paneBox.y + 200, { steps: 8 });
    await viewer.mouse.up();
    // (The drag pans the view instead; the node's position in the document is unchanged.)
    expect(await viewer.evaluate(() => window.__stratus?.model.board.get('users')?.position)).toEqual(
      threeTier().nodes.find((n) => n.id === 'users')?.position,
    );
    const exported = await server.exportBoard(board.id);
    expect(exported.nodes.find((n) => n.id === 'users')).toBeTruthy();
    expect(JSON.stringify(exported.nodes.find((n) => n.id === 'users'))).toBe(
      JSON.stringify(threeTier().nodes.find((n) => n.id === 'users')),
    );
    expect(await viewer.locator('[data-testid="connection"]').getAttribute('data-state')).toBe('connected');

    // The owner adds a queue from the palette: the viewer sees it live.
    const ownerPane = owner.locator('.react-flow__pane');
    const ob = (await ownerPane.boundingBox())!;
    await owner
      .locator('.palette-item[data-kind="sqs-queue"]')
      .dragTo(ownerPane, { targetPosition: { x: ob.width - 260, y: 120 } });
    await expect
      .poll(async () => Object.values(await labels(viewer)).filter((l) => l === 'SQS queue').length)
      .toBe(1);
    // The viewer shows up in the owner's presence list.
    await expect
      .poll(() => owner.locator('[data-testid="presence"] .avatar[data-name="Vic Viewer"]').count())
      .toBe(1);

    // The owner comments on a node: the viewer sees the pin and the thread, but cannot write.
    await node(owner, 'users').click();
    await owner.locator('[data-testid="comments-toggle"]').click();
    await owner.locator('[data-testid="comment-input"]').fill('Should users reach the ALB directly?');
    await owner.locator('[data-testid="comment-post"]').click();
    const pin = viewer.locator('[data-testid="comment-pin"][data-node="users"]');
    await pin.waitFor({ timeout: 15_000 });
    expect(await pin.getAttribute('data-count')).toBe('1');
    await viewer.locator('[data-testid="comments-toggle"]').click();
    await expect
      .poll(() => viewer.locator('[data-testid="comment"]').first().textContent())
      .toContain('Should users reach the ALB directly?');
    expect(await viewer.locator('[data-testid="comment-input"]').count()).toBe(0);
  });

  it('a comment link comments on a validation finding; the owner sees it live and resolves it', async () => {
    const { server, browser } = stratus;
    const file = threeTier();
    const vpc = file.nodes.find((n) => n.id === 'vpc_main') as { props: Record<string, unknown> };
    vpc.props.cidr = '10.0.0.0/33';
    const board = await server.createBoard({ name: 'Findings', board: file });
    const owner = await openBoard(await person(browser, 'Olga Owner', '#16a34a'), server, board);
    const r = await fetch(`${server.url}/api/boards/${board.id}/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board.token}` },
      body: JSON.stringify({ role: 'comment', expiresInHours: 24 }),
    });
    const link = (await r.json()) as { url: string };

    const reviewer = await (await person(browser, 'Rita Reviewer', '#d97706')).newPage();
    reviewer.on('pageerror', (e) => console.error(`[reviewer] ${e.message}`));
    await reviewer.goto(link.url);
    await waitLive(reviewer);
    await reviewer.locator('[data-testid="role"][data-role="comment"]').waitFor();
    expect(await reviewer.locator('.palette').count()).toBe(0);

    // From the validation sidebar: "Comment on this finding".
    await reviewer.locator('[data-testid="issues-tab"]').click();
    const group = reviewer.locator('[data-rule-group="VPC_CIDR_INVALID"]');
    await group.waitFor({ timeout: 15_000 });
    await group.locator('[data-testid="comment-finding"]').first().click();
    await expect
      .poll(() => reviewer.locator('[data-testid="comment-anchor"]').textContent())
      .toContain('Finding VPC_CIDR_INVALID');
    await reviewer.locator('[data-testid="comment-input"]').fill('A /33 is not a network. Use /16?');
    await reviewer.locator('[data-testid="comment-post"]').click();

    // The owner sees the pin on the VPC and the thread, live, and resolves it.
    const pin = owner.locator('[data-testid="comment-pin"][data-node="vpc_main"]');
    await pin.waitFor({ timeout: 15_000 });
    expect(await pin.getAttribute('data-count')).toBe('1');
    await pin.click();
    const thread = owner.locator('[data-testid="thread"]').first();
    await expect.poll(() => thread.textContent()).toContain('A /33 is not a network');
    expect(await thread.textContent()).toContain('Finding VPC_CIDR_INVALID');
    await thread.getByRole('button', { name: 'Resolve' }).click();
    // Resolved threads no longer count: the pin disappears for both.
    await expect.poll(() => pin.count()).toBe(0);
    await expect
      .poll(() => reviewer.locator('[data-testid="comment-pin"][data-node="vpc_main"]').count())
      .toBe(0);
  });
});
