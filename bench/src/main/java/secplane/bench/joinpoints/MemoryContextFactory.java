package secplane.bench.joinpoints;

import java.util.Hashtable;
import java.util.Map;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.InitialContextFactory;

/**
 * A read-only, in-memory JNDI context, so that the {@code jndi.lookup} benchmark measures the woven
 * {@code InitialContext.lookup} and the aspect rather than a directory server or the network.
 */
public final class MemoryContextFactory implements InitialContextFactory {
    /** The single binding every context made by this factory answers. */
    static final String NAME = "java:comp/env/x";
    static final Object VALUE = "bound";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return new MemoryContext(Map.of(NAME, VALUE), environment);
    }

    private static final class MemoryContext implements Context {
        private final Map<String, Object> bindings;
        private final Hashtable<Object, Object> environment;

        MemoryContext(Map<String, Object> bindings, Hashtable<?, ?> environment) {
            this.bindings = bindings;
            this.environment = environment == null ? new Hashtable<>() : new Hashtable<>(environment);
        }

        @Override
        public Object lookup(String name) throws NamingException {
            Object value = bindings.get(name);
            if (value == null) {
                throw new NameNotFoundException(name);
            }
            return value;
        }

        @Override
        public Object lookup(Name name) throws NamingException {
            return lookup(name.toString());
        }

        @Override
        public Object lookupLink(String name) throws NamingException {
            return lookup(name);
        }

        @Override
        public Object lookupLink(Name name) throws NamingException {
            return lookup(name);
        }

        @Override
        public Hashtable<?, ?> getEnvironment() {
            return new Hashtable<>(environment);
        }

        @Override
        public Object addToEnvironment(String propName, Object propVal) {
            return environment.put(propName, propVal);
        }

        @Override
        public Object removeFromEnvironment(String propName) {
            return environment.remove(propName);
        }

        @Override
        public NameParser getNameParser(String name) {
            return CompositeName::new;
        }

        @Override
        public NameParser getNameParser(Name name) {
            return CompositeName::new;
        }

        @Override
        public Name composeName(Name name, Name prefix) throws NamingException {
            return ((Name) prefix.clone()).addAll(name);
        }

        @Override
        public String composeName(String name, String prefix) {
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        @Override
        public String getNameInNamespace() {
            return "";
        }

        @Override
        public void close() {
            // nothing to release
        }

        // The benchmarks only read; everything that would change or list the namespace is refused.

        @Override
        public void bind(Name name, Object obj) throws NamingException {
            throw readOnly();
        }

        @Override
        public void bind(String name, Object obj) throws NamingException {
            throw readOnly();
        }

        @Override
        public void rebind(Name name, Object obj) throws NamingException {
            throw readOnly();
        }

        @Override
        public void rebind(String name, Object obj) throws NamingException {
            throw readOnly();
        }

        @Override
        public void unbind(Name name) throws NamingException {
            throw readOnly();
        }

        @Override
        public void unbind(String name) throws NamingException {
            throw readOnly();
        }

        @Override
        public void rename(Name oldName, Name newName) throws NamingException {
            throw readOnly();
        }

        @Override
        public void rename(String oldName, String newName) throws NamingException {
            throw readOnly();
        }

        @Override
        public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
            throw readOnly();
        }

        @Override
        public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
            throw readOnly();
        }

        @Override
        public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
            throw readOnly();
        }

        @Override
        public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
            throw readOnly();
        }

        @Override
        public void destroySubcontext(Name name) throws NamingException {
            throw readOnly();
        }

        @Override
        public void destroySubcontext(String name) throws NamingException {
            throw readOnly();
        }

        @Override
        public Context createSubcontext(Name name) throws NamingException {
            throw readOnly();
        }

        @Override
        public Context createSubcontext(String name) throws NamingException {
            throw readOnly();
        }

        private static NamingException readOnly() {
            return new OperationNotSupportedException("the benchmark context is read-only");
        }
    }
}
