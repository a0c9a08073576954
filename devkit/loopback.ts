/** Listening on 127.0.0.1, for the test doubles: nothing they serve is reachable from elsewhere. */
import * as http from 'http';

/**
 * Listens on `port` (0: a free one the system picks). Rejects with the listen error, such as
 * EADDRINUSE, instead of leaving it to an 'error' event that nobody handles.
 */
export function listenOnLoopback(server: http.Server, port = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
