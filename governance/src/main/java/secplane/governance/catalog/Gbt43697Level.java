package secplane.governance.catalog;

import java.util.Locale;

/**
 * GB/T 43697-2024 §6.1 data levels, lowest first: general data (一般数据) with the four sub-levels of its
 * informative Annex H, then important data (重要数据, Annex G) and core data (核心数据). Whether data is
 * important or core depends on domain, scale and precision, which an organisation sets in its own catalog.
 */
public enum Gbt43697Level {
    GENERAL_1("general-1"), GENERAL_2("general-2"), GENERAL_3("general-3"), GENERAL_4("general-4"), IMPORTANT("important"), CORE("core");

    private final String label;

    Gbt43697Level(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Gbt43697Level parse(String s) {
        for (Gbt43697Level l : values()) {
            if (l.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown GB/T 43697 level '" + s + "': use general-1, general-2, general-3, general-4, important or core");
    }
}
