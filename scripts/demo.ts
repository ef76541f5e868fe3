// npm run demo: serves the demo page (demo/, using the built dist/) on 127.0.0.1
// under the same strict CSP as the browser tests, and prints its address.
// PORT picks the port (default 8080; a free one when that is taken).
import { serve } from '../tests/browser/server.js';

const wanted = Number(process.env.PORT ?? 8080);
const server = await serve({ port: wanted }).catch(() => serve());
console.log(`linclass demo: ${server.url}/demo/  (Ctrl-C to stop)`);
