package secplane.testbeds.injection.expression;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /spel/eval?expr=}: evaluates a pricing formula such as {@code price * quantity * (1 - discount)}
 * against an {@link Order} with Spring's SpEL. The vulnerable endpoint uses a
 * {@link StandardEvaluationContext} (CWE-917): type references, constructors and method calls are
 * all allowed, so {@code T(java.lang.Runtime).getRuntime().exec(...)} runs a command. The safe
 * twin uses {@link SimpleEvaluationContext#forReadOnlyDataBinding()}: properties, operators and
 * literals only, which is what a formula needs.
 */
public final class FormulaEndpoint extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final boolean safe;

    public FormulaEndpoint(boolean safe) {
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String formula = required(request, "expr");
        if (formula.isBlank()) {
            throw Refusal.badInput("the formula is empty");
        }
        Order order = new Order();
        EvaluationContext context = safe
                ? SimpleEvaluationContext.forReadOnlyDataBinding().withRootObject(order).build()
                : new StandardEvaluationContext(order);
        Object value;
        try {
            value = PARSER.parseExpression(formula).getValue(context);
        } catch (ExpressionException | ArithmeticException e) {
            // SpEL reports most mistakes as ExpressionException, but lets an integer division by zero through as is.
            throw Refusal.badInput("cannot evaluate the formula", e);
        }
        text(response, 200, formula + " = " + value + "\n");
    }
}
