/**
 * The plugin's worker module (`workerModule: './dist/worker.js'`): the tasks a host may run on its
 * worker threads for `ctx.parallel`. Each named export takes one structured-cloneable input and
 * returns one result. The analyses run the same functions inline when the host lends no threads.
 */
export { reconstructSlab } from './recon/slab-task';
export { reconstructConeSlab } from './recon/fdk';
