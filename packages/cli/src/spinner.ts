// The waiting line of `cobro charge`: a frame, a message, and lines printed above it. Not clack's spinner:
// that one puts the terminal in raw mode, so Ctrl-C arrives as a key it answers with exit 0 instead of
// the SIGINT that cancels the order. This one leaves the terminal alone.
const FRAMES = ['◒', '◐', '◓', '◑'];

export class Spinner {
  #timer: NodeJS.Timeout | undefined;
  #text = '';
  #frame = 0;
  readonly #showCursor = () => this.out.write('\x1b[?25h');

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  start(text: string): void {
    this.#text = text;
    this.out.write('\x1b[?25l');
    process.once('exit', this.#showCursor);
    this.#timer = setInterval(() => this.#draw(), 120);
    this.#draw();
  }

  message(text: string): void {
    this.#text = text;
  }

  /** Print a line above the spinner (it keeps spinning below). */
  above(line: string): void {
    this.out.write(`\r\x1b[2K${line}\n`);
    this.#draw();
  }

  stop(mark: string, text: string): void {
    clearInterval(this.#timer);
    this.out.write(`\r\x1b[2K${mark} ${text}\n`);
    this.#showCursor();
    process.off('exit', this.#showCursor);
  }

  #draw(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length;
    this.out.write(`\r\x1b[2K${FRAMES[this.#frame]}  ${this.#text}`);
  }
}
