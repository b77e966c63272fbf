package secplane.testbeds.injection.expression;

import java.util.List;

/**
 * The object pricing formulas are evaluated against: a JavaBean, so SpEL reads its properties through
 * the getters (also in a read-only {@code SimpleEvaluationContext}).
 */
public final class Order {

    private final Customer customer = new Customer();

    public double getPrice() {
        return 19.90;
    }

    public int getQuantity() {
        return 3;
    }

    public double getDiscount() {
        return 0.1;
    }

    public String getCurrency() {
        return "EUR";
    }

    public double getWeight() {
        return 1.25;
    }

    public String getCountry() {
        return "FR";
    }

    public List<String> getItems() {
        return List.of("book", "pen", "notebook");
    }

    public Customer getCustomer() {
        return customer;
    }

    /** The customer who placed the order. */
    public static final class Customer {

        public String getName() {
            return "Chloé D'Angelo";
        }

        public String getTier() {
            return "gold";
        }

        public int getOrders() {
            return 12;
        }

        public boolean isVerified() {
            return true;
        }
    }
}
