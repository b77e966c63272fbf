package secplane.governance.catalog;

/**
 * What the law and the standards say about one data type.
 *
 * @param piplSensitive whether it is sensitive personal information (PIPL Art. 28; GB/T 35273-2020 Annex B)
 * @param piplCategory  the Art. 28 / Annex B category, empty when not sensitive
 * @param gbt35273      the GB/T 35273-2020 Annex A personal information category
 * @param gbt43697      the GB/T 43697-2024 level
 * @param jrt0197       the JR/T 0197-2020 financial data security level, 1 (lowest) to 5
 * @param mask          the default masking operator (see MaskSpec)
 */
public record CatalogEntry(String type, String name, String nameEn, boolean piplSensitive, String piplCategory, String gbt35273,
                           Gbt43697Level gbt43697, int jrt0197, String mask) {
}
