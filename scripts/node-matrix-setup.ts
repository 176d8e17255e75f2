/**
 * A setup file of every test file in `npm run test:node-matrix`: the jest worker running it
 * must be on the Node.js the matrix asked for (the provider launchers the tests write run
 * the worker's own binary).
 */
import { checkThisProcess } from './node-matrix-check';

checkThisProcess();
