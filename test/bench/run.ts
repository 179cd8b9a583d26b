// Benchmark dispatcher: `npm run bench -- <name>` runs test/bench/<name>.ts's exported run().
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run bench -- <name>   (e.g. api)');
  process.exit(2);
}
const mod = await import(`./${name}.ts`).catch((err: Error) => {
  console.error(`no benchmark "${name}": ${err.message}`);
  process.exit(2);
});
await mod.run();
