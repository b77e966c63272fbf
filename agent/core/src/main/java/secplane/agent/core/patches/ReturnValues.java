package secplane.agent.core.patches;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * Turns a patch's JSON {@code value} into what a method with a given return type can return, or
 * says why it cannot. Conversions are exact or refused: {@code 300} is not a {@code byte},
 * {@code 1.5} is not an {@code int}, {@code 0.1} is a {@code float} (its shortest decimal form is
 * 0.1) but {@code 0.123456789} is not. Woven code unboxes exactly the box returned here, so
 * these rules are the whole contract between a patch and the method it changes.
 */
public final class ReturnValues {
    private static final Set<String> STRING_TYPES = new HashSet<>(Arrays.asList("java/lang/String", "java/lang/Object",
            "java/lang/CharSequence", "java/io/Serializable", "java/lang/Comparable", "java/lang/constant/Constable",
            "java/lang/constant/ConstantDesc"));
    private static final Set<String> BOOLEAN_TYPES = new HashSet<>(Arrays.asList("java/lang/Boolean", "java/lang/Object",
            "java/io/Serializable", "java/lang/Comparable", "java/lang/constant/Constable"));
    private static final Set<String> NUMBER_TYPES = new HashSet<>(Arrays.asList("java/lang/Number", "java/lang/Object",
            "java/io/Serializable", "java/lang/Comparable", "java/lang/constant/Constable", "java/lang/constant/ConstantDesc"));

    private ReturnValues() {
    }

    /** Why a value cannot be returned. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * @param value            null, a String, a Long or BigDecimal, or a Boolean (JSON)
     * @param methodDescriptor the patched method's descriptor
     * @return the object the trampoline hands back: the exact box of a primitive, the value itself
     *         for a reference type, null for a void method
     * @throws Refused when the value does not fit the return type exactly
     */
    public static Object coerce(Object value, String methodDescriptor) throws Refused {
        Type t = Type.getReturnType(methodDescriptor);
        switch (t.getSort()) {
            case Type.VOID:
                if (value != null) {
                    throw new Refused(describe(value) + " cannot be returned by a void method; leave value out or set it to null");
                }
                return null;
            case Type.BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                throw refused(value, t, "true or false");
            case Type.CHAR:
                if (value instanceof String && ((String) value).length() == 1) {
                    return ((String) value).charAt(0);
                }
                return (char) integral(value, t, 0, Character.MAX_VALUE, "a one-character string or a whole number from 0 to 65535");
            case Type.BYTE:
                return (byte) integral(value, t, Byte.MIN_VALUE, Byte.MAX_VALUE, null);
            case Type.SHORT:
                return (short) integral(value, t, Short.MIN_VALUE, Short.MAX_VALUE, null);
            case Type.INT:
                return (int) integral(value, t, Integer.MIN_VALUE, Integer.MAX_VALUE, null);
            case Type.LONG:
                return integral(value, t, Long.MIN_VALUE, Long.MAX_VALUE, null);
            case Type.FLOAT:
                return exactFloat(value, t);
            case Type.DOUBLE:
                return exactDouble(value, t);
            case Type.ARRAY:
                if (value == null) {
                    return null;
                }
                throw refused(value, t, "null (an array can only be returned as null)");
            default:
                return reference(value, t);
        }
    }

    private static Object reference(Object value, Type t) throws Refused {
        if (value == null) {
            return null;
        }
        String name = t.getInternalName();
        if (value instanceof String) {
            if (STRING_TYPES.contains(name)) {
                return value;
            }
            throw refused(value, t, "null" + (isBox(name) ? " or " + primitiveOf(name) : ""));
        }
        if (value instanceof Boolean) {
            if (BOOLEAN_TYPES.contains(name)) {
                return value;
            }
            throw refused(value, t, expectedFor(name));
        }
        if (value instanceof Long || value instanceof BigDecimal) {
            switch (name) {
                case "java/lang/Integer":
                    return (int) integral(value, t, Integer.MIN_VALUE, Integer.MAX_VALUE, null);
                case "java/lang/Long":
                    return integral(value, t, Long.MIN_VALUE, Long.MAX_VALUE, null);
                case "java/lang/Short":
                    return (short) integral(value, t, Short.MIN_VALUE, Short.MAX_VALUE, null);
                case "java/lang/Byte":
                    return (byte) integral(value, t, Byte.MIN_VALUE, Byte.MAX_VALUE, null);
                case "java/lang/Double":
                    return exactDouble(value, t);
                case "java/lang/Float":
                    return exactFloat(value, t);
                default:
                    break;
            }
            if (NUMBER_TYPES.contains(name)) {
                // no narrower type is named: a whole number is a Long, anything else a Double
                BigDecimal bd = decimal(value);
                if (isWhole(bd) && fitsLong(bd)) {
                    return bd.longValueExact();
                }
                return exactDouble(value, t);
            }
            throw refused(value, t, expectedFor(name));
        }
        throw refused(value, t, "null");
    }

    private static String expectedFor(String internalName) {
        if (isBox(internalName)) {
            return "null or " + primitiveOf(internalName);
        }
        return "null (a " + internalName.replace('/', '.') + " cannot be written in a policy)";
    }

    private static boolean isBox(String name) {
        return primitiveOf(name) != null;
    }

    private static String primitiveOf(String name) {
        switch (name) {
            case "java/lang/Boolean":
                return "a boolean (true or false)";
            case "java/lang/Character":
                return "a char";
            case "java/lang/Byte":
                return "a byte";
            case "java/lang/Short":
                return "a short";
            case "java/lang/Integer":
                return "an int";
            case "java/lang/Long":
                return "a long";
            case "java/lang/Float":
                return "a float";
            case "java/lang/Double":
                return "a double";
            default:
                return null;
        }
    }

    private static long integral(Object value, Type t, long min, long max, String expected) throws Refused {
        String range = expected != null ? expected : "a whole number from " + min + " to " + max;
        if (!(value instanceof Long || value instanceof BigDecimal)) {
            throw refused(value, t, range);
        }
        BigDecimal bd = decimal(value);
        if (!isWhole(bd) || !fitsLong(bd)) {
            throw refused(value, t, range);
        }
        long v = bd.longValueExact();
        if (v < min || v > max) {
            throw refused(value, t, range);
        }
        return v;
    }

    private static double exactDouble(Object value, Type t) throws Refused {
        if (value instanceof Long || value instanceof BigDecimal) {
            BigDecimal bd = decimal(value);
            double d = bd.doubleValue();
            if (!Double.isInfinite(d) && (new BigDecimal(d).compareTo(bd) == 0 || new BigDecimal(Double.toString(d)).compareTo(bd) == 0)) {
                return d;
            }
        }
        throw refused(value, t, "a number a double holds exactly");
    }

    private static float exactFloat(Object value, Type t) throws Refused {
        if (value instanceof Long || value instanceof BigDecimal) {
            BigDecimal bd = decimal(value);
            float f = bd.floatValue();
            if (!Float.isInfinite(f) && (new BigDecimal((double) f).compareTo(bd) == 0
                    || new BigDecimal(Float.toString(f)).compareTo(bd) == 0)) {
                return f;
            }
        }
        throw refused(value, t, "a number a float holds exactly");
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof Long ? BigDecimal.valueOf((Long) value) : (BigDecimal) value;
    }

    private static boolean isWhole(BigDecimal bd) {
        return bd.signum() == 0 || bd.stripTrailingZeros().scale() <= 0;
    }

    private static boolean fitsLong(BigDecimal bd) {
        return bd.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 && bd.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    private static Refused refused(Object value, Type t, String expected) {
        return new Refused(describe(value) + " cannot be returned as " + t.getClassName() + "; expected " + expected);
    }

    /** A value as an operator wrote it, for messages. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            String s = (String) value;
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\" (a string)";
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toString();
        }
        return String.valueOf(value);
    }
}
