/**
 * Every dialog of the app: a backdrop that closes it, a title bar with a close button, and Escape
 * closes it wherever the focus is (the help promises it). Escape is taken before the page's own
 * shortcuts see it, so closing a dialog does not also clear the canvas selection.
 */
import { type ReactNode, useEffect, useRef } from 'react';

export function Dialog({
  title,
  label,
  role = 'dialog',
  className,
  onClose,
  children,
}: {
  /** Shown in the title bar; without it the dialog has no title bar (a search box, say). */
  title?: string;
  /** The accessible name (defaults to the title). */
  label?: string;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      close.current();
    };
    // Capture on window: before inputs' own handlers and the page's shortcut listener.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  const cls = `dialog${className ? ` ${className}` : ''}`;
  const body = (
    <>
      {title ? (
        <div className="dialog-head">
          <h2>{title}</h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
      ) : null}
      {children}
    </>
  );
  return (
    <div className="overlay">
      <button type="button" className="backdrop" aria-label="Close" onClick={onClose} />
      {role === 'alertdialog' ? (
        <div className={cls} role="alertdialog" aria-label={label ?? title}>
          {body}
        </div>
      ) : (
        <div className={cls} role="dialog" aria-label={label ?? title}>
          {body}
        </div>
      )}
    </div>
  );
}
