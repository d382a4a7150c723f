/** The Python sources ShapeLens ships (bundled/…/*.py), read as text by the bundler. */
declare module '*.py' {
  const text: string;
  export default text;
}
