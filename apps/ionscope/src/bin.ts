#!/usr/bin/env node
import { main } from './cli/program';

await main(process.argv);
