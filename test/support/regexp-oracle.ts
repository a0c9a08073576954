/**
 * Node's own RegExp (Unicode mode) as an oracle for the name-pattern engine, run in a worker thread
 * so that a pattern that backtracks for ever on a name can be abandoned: the worker is terminated
 * after a time limit and the case is reported as unfinished.
 */
import { Worker } from 'worker_threads';

const WORKER = `
const { parentPort } = require('worker_threads');
parentPort.on('message', ({ pattern, name }) => {
  let re;
  try { re = new RegExp(pattern, 'u'); } catch { parentPort.postMessage('invalid'); return; }
  parentPort.postMessage(re.test(name));
});
`;

export type OracleVerdict = boolean | 'invalid' | 'unfinished';

export class RegExpOracle {
  private worker = new Worker(WORKER, { eval: true });

  /** RegExp's verdict, 'invalid' when RegExp rejects the pattern, 'unfinished' after `limitMs`. */
  public verdict(pattern: string, name: string, limitMs = 250): Promise<OracleVerdict> {
    return new Promise((resolve, reject) => {
      const worker = this.worker;
      const timer = setTimeout(() => {
        worker.removeAllListeners('message');
        void worker.terminate();
        this.worker = new Worker(WORKER, { eval: true });
        resolve('unfinished');
      }, limitMs);
      const onError = (e: Error) => { clearTimeout(timer); reject(e); };
      worker.once('error', onError);
      worker.once('message', (v: OracleVerdict) => {
        clearTimeout(timer);
        worker.off('error', onError);
        resolve(v);
      });
      worker.postMessage({ pattern, name });
    });
  }

  public async close(): Promise<void> {
    await this.worker.terminate();
  }
}
