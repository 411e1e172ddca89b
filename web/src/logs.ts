// The server's log tail (GET /api/logs?after=N): new lines appended, the newest kept on screen.
const POLL_MS = 2000;
const KEEP_LINES = 300;

interface LogLine { seq: number; time: string; level: string; logger: string; message: string }

export class LogTail {
  private after = 0;
  private started = false;

  constructor(private readonly target: HTMLElement, private readonly headers: () => Record<string, string>) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    for (;;) {
      try {
        const response = await fetch(`/api/logs?after=${this.after}`, { headers: this.headers(), cache: 'no-store' });
        if (response.ok) {
          const data = (await response.json()) as { lines: LogLine[]; next: number };
          this.append(data.lines);
          this.after = data.next;
        }
      } catch {
        // the server is restarting or unreachable: the connection line says so; try again
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private append(lines: LogLine[]): void {
    if (lines.length === 0) return;
    const stick = this.target.scrollTop + this.target.clientHeight >= this.target.scrollHeight - 8;
    for (const line of lines) {
      const row = document.createElement('div');
      row.className = `log ${line.level}`;
      row.textContent = `${line.time} ${line.level.padEnd(7)} ${line.logger}  ${line.message}`;
      this.target.append(row);
    }
    while (this.target.childElementCount > KEEP_LINES) this.target.firstElementChild?.remove();
    if (stick) this.target.scrollTop = this.target.scrollHeight;
  }
}
