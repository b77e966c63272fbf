package secplane.testbeds.injection.expression;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /spel/greet?name=}: a greeting built from a SpEL template. The vulnerable endpoint pastes the
 * name into the expression's text, inside a string literal, and evaluates it with a
 * {@link StandardEvaluationContext} (CWE-917): a quote closes the literal and
 * {@code ' + T(java.lang.Runtime)... + '} runs. The safe twin keeps the expression constant,
 * {@code 'Hello, ' + #name + '!'}, passes the name as a variable and evaluates it in a
 * {@link SimpleEvaluationContext}.
 */
public final class GreetingEndpoint extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final boolean safe;

    public GreetingEndpoint(boolean safe) {
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = required(request, "name");
        Object greeting;
        try {
            if (safe) {
                SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding().build();
                context.setVariable("name", name);
                greeting = PARSER.parseExpression("'Hello, ' + #name + '!'").getValue(context);
            } else {
                greeting = PARSER.parseExpression("'Hello, " + name + "!'").getValue(new StandardEvaluationContext());
            }
        } catch (ExpressionException e) {
            throw Refusal.badInput("cannot build the greeting", e);
        }
        text(response, 200, greeting + "\n");
    }
}
