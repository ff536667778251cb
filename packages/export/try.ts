import { exportCdk, exportTerraform } from './src/index.ts';
import { everyKindBoard } from './test/boards.ts';
import { checkTerraform } from './test/terraform-check.ts';
import { writeApp, typecheck, synth, countByType } from './test/cdk-check.ts';
const b = everyKindBoard();
const t = exportTerraform(b);
console.log(await checkTerraform(t.files), t.warnings);
const r = exportCdk(b);
const dir = writeApp(r.files);
console.log('tsc:', await typecheck(dir));
try {
  const tpl = await synth(dir, r.stackFile, r.stackClass);
  console.log(countByType(tpl));
} catch (e) {
  console.log('SYNTH FAIL', (e as Error).message.slice(0, 5000));
}
console.log(dir);
