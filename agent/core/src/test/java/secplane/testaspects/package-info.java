/**
 * Aspects that the aspect host tests pack into in-memory aspect jars. Each is loaded by its own
 * AspectClassLoader, so it shares no static state with the tests: it reports its lifecycle through
 * the file named by system property {@code secplane.testaspects.journal},
 * which every class loader sees, and may use only the aspect API and the JDK.
 */
package secplane.testaspects;
