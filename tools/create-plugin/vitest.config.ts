import { packageTestConfig } from '../../vitest.shared';

// The generator test type-checks and runs the generated package's own tests: give it time.
export default packageTestConfig({ testTimeout: 180_000 });
