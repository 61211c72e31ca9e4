/**
 * Test-suite setup: property tests run from a fixed seed so that CI is reproducible; set FC_SEED to explore
 * other seeds locally (a failure prints the seed and the shrunk counterexample).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261121) });
