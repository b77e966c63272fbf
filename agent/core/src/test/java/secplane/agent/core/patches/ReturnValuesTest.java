package secplane.agent.core.patches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Which JSON values a patched method may return, by its descriptor's return type: exact or refused. */
class ReturnValuesTest {

    private static Object coerce(Object value, String returnType) throws ReturnValues.Refused {
        return ReturnValues.coerce(value, "()" + returnType);
    }

    private static String refusal(Object value, String returnType) {
        try {
            Object v = coerce(value, returnType);
            throw new AssertionError(value + " was accepted for " + returnType + " as " + v);
        } catch (ReturnValues.Refused e) {
            return e.getMessage();
        }
    }

    @Test
    void aVoidMethodReturnsNothing() throws Exception {
        assertThat(coerce(null, "V")).isNull();
        assertThat(refusal("x", "V")).isEqualTo("\"x\" (a string) cannot be returned by a void method; leave value out or set it to null");
    }

    @Test
    void wholeNumbersFitTheIntegralTypesWithinTheirRangeOnly() throws Exception {
        assertThat(coerce(42L, "I")).isEqualTo(42);
        assertThat(coerce(-128L, "B")).isEqualTo((byte) -128);
        assertThat(coerce(32767L, "S")).isEqualTo((short) 32767);
        assertThat(coerce(Long.MAX_VALUE, "J")).isEqualTo(Long.MAX_VALUE);
        assertThat(coerce(new BigDecimal("3.0"), "I")).as("3.0 is a whole number").isEqualTo(3);
        assertThat(coerce(new BigDecimal("1E+3"), "J")).isEqualTo(1000L);

        assertThat(refusal(2147483648L, "I")).isEqualTo("2147483648 cannot be returned as int; expected a whole number from -2147483648 to 2147483647");
        assertThat(refusal(300L, "B")).contains("cannot be returned as byte");
        assertThat(refusal(new BigDecimal("1.5"), "I")).startsWith("1.5 cannot be returned as int");
        assertThat(refusal("1", "I")).startsWith("\"1\" (a string) cannot be returned as int");
        assertThat(refusal(null, "J")).startsWith("null cannot be returned as long");
        assertThat(refusal(new BigDecimal("1E+30"), "J")).contains("cannot be returned as long");
    }

    @Test
    void floatingPointValuesMustBeHeldExactly() throws Exception {
        assertThat(coerce(new BigDecimal("0.1"), "D")).isEqualTo(0.1);
        assertThat(coerce(new BigDecimal("0.1"), "F")).as("0.1 is the shortest form of a float").isEqualTo(0.1f);
        assertThat(coerce(16777216L, "F")).isEqualTo(16777216f);
        assertThat(coerce(1L << 60, "D")).isEqualTo(Math.pow(2, 60));

        assertThat(refusal(new BigDecimal("0.123456789"), "F")).isEqualTo("0.123456789 cannot be returned as float; expected a number a float holds exactly");
        assertThat(refusal(16777217L, "F")).contains("as float");
        assertThat(refusal(new BigDecimal("1E+400"), "D")).contains("as double");
        assertThat(refusal(true, "D")).contains("as double");
    }

    @Test
    void booleansAndCharsHaveTheirOwnShapes() throws Exception {
        assertThat(coerce(true, "Z")).isEqualTo(true);
        assertThat(coerce("a", "C")).isEqualTo('a');
        assertThat(coerce(65L, "C")).isEqualTo('A');

        assertThat(refusal(1L, "Z")).isEqualTo("1 cannot be returned as boolean; expected true or false");
        assertThat(refusal("ab", "C")).contains("expected a one-character string or a whole number from 0 to 65535");
        assertThat(refusal(-1L, "C")).contains("as char");
    }

    @Test
    void referenceTypesTakeNullOrAValueOfACompatibleType() throws Exception {
        assertThat(coerce(null, "Ljava/lang/String;")).isNull();
        assertThat(coerce(null, "Ljava/util/List;")).isNull();
        assertThat(coerce(null, "[Ljava/lang/String;")).isNull();
        assertThat(coerce("x", "Ljava/lang/String;")).isEqualTo("x");
        assertThat(coerce("x", "Ljava/lang/CharSequence;")).isEqualTo("x");
        assertThat(coerce("x", "Ljava/lang/Object;")).isEqualTo("x");
        assertThat(coerce(true, "Ljava/lang/Boolean;")).isEqualTo(true);
        assertThat(coerce(5L, "Ljava/lang/Integer;")).isEqualTo(5);
        assertThat(coerce(5L, "Ljava/lang/Short;")).isEqualTo((short) 5);
        assertThat(coerce(5L, "Ljava/lang/Double;")).isEqualTo(5.0);
        assertThat(coerce(5L, "Ljava/lang/Object;")).as("a whole number for Object is a Long").isEqualTo(5L);
        assertThat(coerce(new BigDecimal("2.5"), "Ljava/lang/Number;")).isEqualTo(2.5);

        assertThat(refusal("x", "Ljava/util/List;")).isEqualTo("\"x\" (a string) cannot be returned as java.util.List; expected null");
        assertThat(refusal("x", "[Ljava/lang/String;")).contains("cannot be returned as java.lang.String[]");
        assertThat(refusal(1L, "Ljava/lang/String;")).contains("cannot be returned as java.lang.String");
        assertThat(refusal(true, "Ljava/lang/Integer;")).isEqualTo("true cannot be returned as java.lang.Integer; expected null or an int");
        assertThat(refusal(1L, "Ljava/math/BigInteger;")).contains("a java.math.BigInteger cannot be written in a policy");
        assertThat(refusal(3000000000L, "Ljava/lang/Integer;")).contains("as java.lang.Integer");
    }
}
