package secplane.drill.discovery;

import secplane.drill.corpus.Placement;

/**
 * One parameter of an endpoint.
 *
 * @param name the parameter's name
 * @param in   where it goes: {@code query}, {@code form}, {@code json}, {@code header} or {@code path}
 * @param kind what it holds ({@link Kinds}), which decides the cases aimed at it and its benign values
 */
public record Parameter(String name, Placement in, String kind) {
}
