// An xterm.js terminal that fills its box (the fit add-on), wired to a console socket: output is
// written as it arrives, keys go out only while this browser is the writer.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'preact/hooks';

export interface TerminalHandle {
  write(data: Uint8Array | string): void;
  setWritable(writable: boolean): void;
}

/** The terminal's colours from the page's theme variables (ui/styles.css). */
function themeColours(): { background: string; foreground: string; cursor: string } {
  const styles = getComputedStyle(document.documentElement);
  const v = (name: string) => styles.getPropertyValue(name).trim();
  return { background: v('--panel'), foreground: v('--fg'), cursor: v('--accent') };
}

export function TerminalView({ onReady, onInput }: { onReady: (t: TerminalHandle) => void; onInput: (data: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const input = useRef(onInput);
  input.current = onInput;
  useEffect(() => {
    const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, theme: themeColours() });
    // Follow the console's light/dark switch (ui/theme.ts sets data-theme on <html>).
    const themeWatch = new MutationObserver(() => (term.options.theme = themeColours()));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(box.current!);
    fit.fit();
    const sub = term.onData((d) => input.current(d));
    const onResize = () => fit.fit();
    window.addEventListener('resize', onResize);
    onReady({
      write: (d) => term.write(d),
      setWritable: (w) => {
        term.options.disableStdin = !w;
      },
    });
    term.focus();
    return () => {
      window.removeEventListener('resize', onResize);
      themeWatch.disconnect();
      sub.dispose();
      term.dispose();
    };
  }, []);
  return <div class="terminal" ref={box} data-testid="terminal" />;
}
