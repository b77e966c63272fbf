package secplane.agent.core.weaving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Inserts the entry call of each matching {@link Hook}, and the entry code of each matching
 * {@link PatchHook}, into a class file. Only the hooked methods are rewritten; every other method
 * is copied byte for byte. No frames are computed and no class is loaded: each inserted block
 * leaves the locals untouched and the stack empty where it ends, so one {@code F_SAME} frame after
 * it keeps the method's own frames valid.
 */
final class HookWriter {
    static final String DISPATCHER = "secplane/bootstrap/Dispatcher";
    /** Deepest operand stack of the inserted code: id, target, array, array, index, value. */
    private static final int STACK = 6;
    /** Deepest operand stack of a patch block: slot, target, array, array, index, a long or double value. */
    private static final int PATCH_STACK = 7;

    private HookWriter() {
    }

    /** What {@link #weave} made of a class: the new bytes and the patch slots it inserted. */
    static final class Result {
        final byte[] bytes;
        final int[] slots;

        Result(byte[] bytes, int[] slots) {
            this.bytes = bytes;
            this.slots = slots;
        }
    }

    /** @return the rewritten class, or null when no method matched */
    static byte[] weave(byte[] original, List<Hook> hooks) {
        Result r = weave(original, hooks, Collections.<PatchHook>emptyList());
        return r == null ? null : r.bytes;
    }

    /** @return the rewritten class and the patch slots woven into it, or null when no method matched */
    static Result weave(byte[] original, final List<Hook> hooks, final List<PatchHook> patches) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        final boolean[] changed = {false};
        final int[] version = {0};
        final String[] owner = {null};
        final Set<Integer> slots = new TreeSet<>();
        ClassVisitor visitor = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
                version[0] = v & 0xFFFF;
                owner[0] = name;
                super.visit(v, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return mv;
                }
                boolean frames = version[0] >= Opcodes.V1_6;
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                for (Hook h : hooks) {
                    if (!h.matches(name, desc)) {
                        continue;
                    }
                    switch (h.kind) {
                        case ENTRY:
                            changed[0] = true;
                            mv = new EntryCall(mv, h, access, desc, frames);
                            break;
                        case SOURCE:
                            if (!isStatic && !name.equals("<init>") && Type.getArgumentTypes(desc).length >= 2) {
                                changed[0] = true;
                                mv = new SourceCall(mv, owner[0], desc, frames);
                            }
                            break;
                        case WRAP:
                            if (!name.equals("<init>") && h.args[0] < Type.getArgumentTypes(desc).length
                                    && Type.getArgumentTypes(desc)[h.args[0]].getSort() == Type.OBJECT) {
                                changed[0] = true;
                                mv = new WrapArgument(mv, h.args[0], isStatic, desc);
                            }
                            break;
                        case BODY_BYTES:
                        case BODY_CHARS:
                            if (!isStatic && desc.equals(h.kind == Hook.Kind.BODY_BYTES ? "([BII)I" : "([CII)I")) {
                                changed[0] = true;
                                mv = new BodyTee(mv, h.kind == Hook.Kind.BODY_BYTES);
                            }
                            break;
                        case RESULT:
                            if (!isStatic && h.descriptor.equals(desc)) {
                                changed[0] = true;
                                mv = new ResultTee(mv, desc);
                            }
                            break;
                        default:
                            break;
                    }
                }
                List<PatchHook> mine = new ArrayList<>();
                for (PatchHook p : patches) {
                    if (p.matches(name, desc) && !name.equals("<clinit>")) {
                        mine.add(p);
                        slots.add(p.slot);
                    }
                }
                if (!mine.isEmpty()) {
                    changed[0] = true;
                    // wraps the join point's call, so that call comes first and the patches after it
                    mv = new PatchCalls(mv, mine, access, name, desc, frames);
                }
                return mv;
            }
        };
        reader.accept(visitor, 0);
        if (!changed[0]) {
            return null;
        }
        int[] woven = new int[slots.size()];
        int i = 0;
        for (Integer s : slots) {
            woven[i++] = s;
        }
        return new Result(writer.toByteArray(), woven);
    }

    /**
     * The entry code of one or more patches (see {@link PatchHook}), in order. The result of the
     * trampoline is compared with {@code Dispatcher.PROCEED}; anything else is returned, cast or
     * unboxed to the method's return type (the agent only ever hands back the exact box).
     */
    private static final class PatchCalls extends MethodVisitor {
        private final List<PatchHook> hooks;
        private final boolean isStatic;
        private final boolean isConstructor;
        private final Type[] params;
        private final Type returns;
        private final boolean frames;

        PatchCalls(MethodVisitor mv, List<PatchHook> hooks, int access, String name, String desc, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.hooks = hooks;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.isConstructor = name.equals("<init>");
            this.params = Type.getArgumentTypes(desc);
            this.returns = Type.getReturnType(desc);
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (PatchHook h : hooks) {
                block(h.slot);
            }
        }

        private void block(int slot) {
            Label skip = new Label();
            mv.visitFieldInsn(Opcodes.GETSTATIC, DISPATCHER, "patches", "J");
            mv.visitLdcInsn(Long.valueOf(1L << Math.min(slot, 63)));
            mv.visitInsn(Opcodes.LAND);
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitInsn(Opcodes.LCMP);
            mv.visitJumpInsn(Opcodes.IFEQ, skip);
            push(mv, slot);
            if (!isStatic && !isConstructor) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
            } else {
                mv.visitInsn(Opcodes.ACONST_NULL);
            }
            push(mv, params.length);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int local = isStatic ? 0 : 1;
            for (int i = 0; i < params.length; i++) {
                mv.visitInsn(Opcodes.DUP);
                push(mv, i);
                mv.visitVarInsn(params[i].getOpcode(Opcodes.ILOAD), local);
                box(mv, params[i]);
                mv.visitInsn(Opcodes.AASTORE);
                local += params[i].getSize();
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "patch",
                    "(ILjava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false);
            if (isConstructor) {
                // before its super call a constructor cannot return: the trampoline throws or the body runs
                mv.visitInsn(Opcodes.POP);
            } else {
                Label proceed = new Label();
                mv.visitInsn(Opcodes.DUP);
                mv.visitFieldInsn(Opcodes.GETSTATIC, DISPATCHER, "PROCEED", "Ljava/lang/Object;");
                mv.visitJumpInsn(Opcodes.IF_ACMPEQ, proceed);
                returnValue();
                mv.visitLabel(proceed);
                if (frames) {
                    mv.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
                }
                mv.visitInsn(Opcodes.POP);
            }
            mv.visitLabel(skip);
            if (frames) {
                mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
            mv.visitInsn(Opcodes.NOP);
        }

        private void returnValue() {
            switch (returns.getSort()) {
                case Type.VOID:
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.RETURN);
                    return;
                case Type.BOOLEAN:
                    unbox("java/lang/Boolean", "booleanValue", "()Z");
                    break;
                case Type.CHAR:
                    unbox("java/lang/Character", "charValue", "()C");
                    break;
                case Type.BYTE:
                    unbox("java/lang/Byte", "byteValue", "()B");
                    break;
                case Type.SHORT:
                    unbox("java/lang/Short", "shortValue", "()S");
                    break;
                case Type.INT:
                    unbox("java/lang/Integer", "intValue", "()I");
                    break;
                case Type.LONG:
                    unbox("java/lang/Long", "longValue", "()J");
                    break;
                case Type.FLOAT:
                    unbox("java/lang/Float", "floatValue", "()F");
                    break;
                case Type.DOUBLE:
                    unbox("java/lang/Double", "doubleValue", "()D");
                    break;
                default:
                    if (!returns.getInternalName().equals("java/lang/Object")) {
                        mv.visitTypeInsn(Opcodes.CHECKCAST, returns.getInternalName());
                    }
                    break;
            }
            mv.visitInsn(returns.getOpcode(Opcodes.IRETURN));
        }

        private void unbox(String owner, String method, String desc) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, owner);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, method, desc, false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, PATCH_STACK + 1), maxLocals);
        }
    }

    private static void box(MethodVisitor mv, Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Boolean", "valueOf", "(Z)Ljava/lang/Boolean;", false);
                break;
            case Type.CHAR:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Character", "valueOf", "(C)Ljava/lang/Character;", false);
                break;
            case Type.BYTE:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Byte", "valueOf", "(B)Ljava/lang/Byte;", false);
                break;
            case Type.SHORT:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Short", "valueOf", "(S)Ljava/lang/Short;", false);
                break;
            case Type.INT:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
                break;
            case Type.LONG:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false);
                break;
            case Type.FLOAT:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "valueOf", "(F)Ljava/lang/Float;", false);
                break;
            case Type.DOUBLE:
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "valueOf", "(D)Ljava/lang/Double;", false);
                break;
            default:
                break;
        }
    }

    static void push(MethodVisitor mv, int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    private static final class EntryCall extends MethodVisitor {
        private final Hook hook;
        private final boolean isStatic;
        private final boolean isConstructor;
        private final Type[] params;
        private final boolean frames;
        /** The parameter index of each of the hook's arguments ({@link Hook#FIRST_STRING} resolved), or -1 for null. */
        private final int[] argIndex;

        EntryCall(MethodVisitor mv, Hook hook, int access, String desc, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.hook = hook;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.isConstructor = hook.method.equals("<init>");
            this.params = Type.getArgumentTypes(desc);
            this.frames = frames;
            this.argIndex = new int[hook.args.length];
            for (int i = 0; i < argIndex.length; i++) {
                int a = hook.args[i];
                if (a == Hook.FIRST_STRING) {
                    a = -1;
                    for (int p = 0; p < params.length; p++) {
                        if (params[p].getDescriptor().equals("Ljava/lang/String;")) {
                            a = p;
                            break;
                        }
                    }
                }
                argIndex[i] = a < params.length ? a : -1;
            }
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label skip = new Label();
            mv.visitFieldInsn(Opcodes.GETSTATIC, DISPATCHER, "active", "I");
            push(1 << hook.joinPoint);
            mv.visitInsn(Opcodes.IAND);
            mv.visitJumpInsn(Opcodes.IFEQ, skip);
            push(hook.joinPoint);
            if (hook.passThis && !isStatic && !isConstructor) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
            } else {
                mv.visitInsn(Opcodes.ACONST_NULL);
            }
            int count = hook.args.length + (hook.constant != null ? 1 : 0);
            push(count);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            for (int i = 0; i < hook.args.length; i++) {
                mv.visitInsn(Opcodes.DUP);
                push(i);
                if (argIndex[i] < 0) {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    loadBoxed(argIndex[i]);
                }
                mv.visitInsn(Opcodes.AASTORE);
            }
            if (hook.constant != null) {
                mv.visitInsn(Opcodes.DUP);
                push(hook.args.length);
                mv.visitLdcInsn(hook.constant);
                mv.visitInsn(Opcodes.AASTORE);
            }
            if (hook.writeBack) {
                // [joinPoint, this, array] -> [array, joinPoint, this, array]: the array outlives the dispatch
                mv.visitInsn(Opcodes.DUP_X2);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "dispatch", "(ILjava/lang/Object;[Ljava/lang/Object;)V", false);
            if (hook.writeBack) {
                writeBack();
            }
            mv.visitLabel(skip);
            if (frames) {
                mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
            // keeps the method's own first frame, if it has one at its first instruction, at a later offset
            mv.visitInsn(Opcodes.NOP);
        }

        /** With the array on the stack: stores each hooked reference or int parameter back from it, then pops it. */
        private void writeBack() {
            for (int i = 0; i < hook.args.length; i++) {
                int index = argIndex[i];
                if (index < 0) {
                    continue;
                }
                Type t = params[index];
                if (t.getSort() != Type.OBJECT && t.getSort() != Type.ARRAY && t.getSort() != Type.INT) {
                    continue;
                }
                mv.visitInsn(Opcodes.DUP);
                push(i);
                mv.visitInsn(Opcodes.AALOAD);
                if (t.getSort() == Type.INT) {
                    mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Integer");
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
                } else {
                    mv.visitTypeInsn(Opcodes.CHECKCAST, t.getInternalName());
                }
                mv.visitVarInsn(t.getOpcode(Opcodes.ISTORE), slotOf(params, index, isStatic));
            }
            mv.visitInsn(Opcodes.POP);
        }

        private void loadBoxed(int index) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < index; i++) {
                slot += params[i].getSize();
            }
            Type t = params[index];
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
            switch (t.getSort()) {
                case Type.BOOLEAN:
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Boolean", "valueOf", "(Z)Ljava/lang/Boolean;", false);
                    break;
                case Type.INT:
                case Type.SHORT:
                case Type.BYTE:
                case Type.CHAR:
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
                    break;
                case Type.LONG:
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false);
                    break;
                default:
                    break;
            }
        }

        private void push(int value) {
            HookWriter.push(mv, value);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // a long argument takes two slots while it is boxed
            super.visitMaxs(Math.max(maxStack, STACK + 1), maxLocals);
        }
    }

    /** The local variable slot of parameter {@code index} (after {@code this} for an instance method). */
    static int slotOf(Type[] params, int index, boolean isStatic) {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < index; i++) {
            slot += params[i].getSize();
        }
        return slot;
    }

    /**
     * A servlet entry point: {@code Dispatcher.requestEnter(request, response)} first, then the
     * original code inside a handler that catches anything, calls {@code Dispatcher.requestExit()} and
     * rethrows; every return calls {@code requestExit()} too. The handler is the last entry of the
     * exception table, so the method's own handlers keep precedence; its frame holds only the
     * parameters, which the method's code never assigns another type (javac gives them their own slots).
     */
    private static final class SourceCall extends MethodVisitor {
        private final String owner;
        private final Type[] params;
        private final boolean frames;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        SourceCall(MethodVisitor mv, String owner, String desc, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.owner = owner;
            this.params = Type.getArgumentTypes(desc);
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, slotOf(params, 0, false));
            mv.visitVarInsn(Opcodes.ALOAD, slotOf(params, 1, false));
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "requestEnter", "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            mv.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "requestExit", "()V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            mv.visitLabel(end);
            mv.visitTryCatchBlock(start, end, handler, null);
            mv.visitLabel(handler);
            if (frames) {
                Object[] locals = new Object[params.length + 1];
                locals[0] = owner;
                for (int i = 0; i < params.length; i++) {
                    locals[i + 1] = frameType(params[i]);
                }
                mv.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "requestExit", "()V", false);
            mv.visitInsn(Opcodes.ATHROW);
            super.visitMaxs(Math.max(maxStack, 2), maxLocals);
        }

        private static Object frameType(Type t) {
            switch (t.getSort()) {
                case Type.BOOLEAN:
                case Type.CHAR:
                case Type.BYTE:
                case Type.SHORT:
                case Type.INT:
                    return Opcodes.INTEGER;
                case Type.LONG:
                    return Opcodes.LONG;
                case Type.FLOAT:
                    return Opcodes.FLOAT;
                case Type.DOUBLE:
                    return Opcodes.DOUBLE;
                default:
                    return t.getSort() == Type.ARRAY ? t.getDescriptor() : t.getInternalName();
            }
        }
    }

    /** A task submission: {@code argN = (Type) Dispatcher.wrap(argN)} at the entry; no branch, so no frame. */
    private static final class WrapArgument extends MethodVisitor {
        private final int slot;
        private final Type type;

        WrapArgument(MethodVisitor mv, int index, boolean isStatic, String desc) {
            super(Opcodes.ASM9, mv);
            Type[] params = Type.getArgumentTypes(desc);
            this.slot = slotOf(params, index, isStatic);
            this.type = params[index];
        }

        @Override
        public void visitCode() {
            super.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, slot);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "wrap", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
            mv.visitVarInsn(Opcodes.ASTORE, slot);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }

    /**
     * A request body stream's {@code int read(byte[]|char[] b, int off, int len)}: each {@code return n}
     * becomes {@code return Dispatcher.bodyRead(n, this, b, off)}, which returns n. Straight-line code,
     * so no frame.
     */
    private static final class BodyTee extends MethodVisitor {
        private final boolean bytes;

        BodyTee(MethodVisitor mv, boolean bytes) {
            super(Opcodes.ASM9, mv);
            this.bytes = bytes;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.IRETURN) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ILOAD, 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "bodyRead",
                        bytes ? "(ILjava/lang/Object;[BI)I" : "(ILjava/lang/Object;[CI)I", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 3, maxLocals);
        }
    }

    /**
     * A result set's {@code getString|getObject(int|String)}: each {@code return v} becomes
     * {@code return (Type) Dispatcher.jdbcResult(v, this, column)}, which returns v. Straight-line code, so
     * no frame; the column is the method's only parameter, which a driver never reassigns.
     */
    private static final class ResultTee extends MethodVisitor {
        private final boolean byIndex;
        private final Type returns;

        ResultTee(MethodVisitor mv, String desc) {
            super(Opcodes.ASM9, mv);
            this.byIndex = Type.getArgumentTypes(desc)[0].getSort() == Type.INT;
            this.returns = Type.getReturnType(desc);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(byIndex ? Opcodes.ILOAD : Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "jdbcResult",
                        byIndex ? "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;"
                                : "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
                if (!returns.getInternalName().equals("java/lang/Object")) {
                    mv.visitTypeInsn(Opcodes.CHECKCAST, returns.getInternalName());
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 2, maxLocals);
        }
    }
}
