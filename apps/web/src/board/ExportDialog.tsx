/**
 * The Terraform / CDK export dialog: the choices a board does not hold (deletion protection, NAT
 * gateways per zone, TLS certificates), with safe defaults, as `stratus export` takes them.
 */
import { certificateArnProblem, type ExportChoices } from '@stratus/export';
import { useState } from 'react';
import { Dialog } from '../Dialog.tsx';

export type IacTarget = 'terraform' | 'cdk';

const TITLE: Record<IacTarget, string> = { terraform: 'Export to Terraform', cdk: 'Export an AWS CDK app' };

export function ExportDialog({
  target,
  onExport,
  onClose,
}: {
  target: IacTarget;
  onExport: (choices: ExportChoices) => void;
  onClose: () => void;
}) {
  const [deletionProtection, setDeletionProtection] = useState(true);
  const [perAz, setPerAz] = useState(false);
  const [alb, setAlb] = useState('');
  const [cloudfront, setCloudfront] = useState('');
  const albProblem = alb.trim() ? certificateArnProblem(alb.trim(), 'alb') : null;
  const cfProblem = cloudfront.trim() ? certificateArnProblem(cloudfront.trim(), 'cloudfront') : null;
  const submit = () => {
    if (albProblem || cfProblem) return;
    onExport({
      deletionProtection,
      natGateways: perAz ? 'per-az' : 'as-drawn',
      ...(alb.trim() && { albCertificateArn: alb.trim() }),
      ...(cloudfront.trim() && { cloudfrontCertificateArn: cloudfront.trim() }),
    });
  };
  return (
    <Dialog title={TITLE[target]} className="export-dialog" onClose={onClose}>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="check">
          <input
            type="checkbox"
            data-testid="export-deletion-protection"
            checked={deletionProtection}
            onChange={(e) => setDeletionProtection(e.target.checked)}
          />
          Deletion protection on databases, load balancers and tables
          <span className="muted small">
            On by default: a destroy or stack delete then stops instead of deleting data.
          </span>
        </label>
        <label className="check">
          <input type="checkbox" checked={perAz} onChange={(e) => setPerAz(e.target.checked)} />
          One NAT gateway per availability zone
          <span className="muted small">
            Off: NAT gateways as drawn (one shared gateway costs less; a zone outage cuts the others' egress).
          </span>
        </label>
        <label>
          Load balancer certificate (ACM ARN, optional)
          <input
            value={alb}
            placeholder="arn:aws:acm:eu-west-1:123456789012:certificate/…"
            onChange={(e) => setAlb(e.target.value)}
          />
          {albProblem ? <span className="field-error">This {albProblem}.</span> : null}
        </label>
        <label>
          CloudFront certificate (ACM ARN in us-east-1, optional)
          <input
            value={cloudfront}
            data-testid="export-cloudfront-certificate"
            placeholder="arn:aws:acm:us-east-1:123456789012:certificate/…"
            onChange={(e) => setCloudfront(e.target.value)}
          />
          {cfProblem ? <span className="field-error">This {cfProblem}.</span> : null}
        </label>
        <p className="muted small">Certificates left empty become inputs of the generated code.</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="export-go"
            disabled={Boolean(albProblem || cfProblem)}
          >
            Download .zip
          </button>
        </div>
      </form>
    </Dialog>
  );
}
