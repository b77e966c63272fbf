package secplane.agent.core.weaving;

import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Inserts the entry call of each matching {@link Hook} into a class file. Only the hooked
 * methods are rewritten; every other method is copied byte for byte. No frames are computed and
 * no class is loaded: the inserted code leaves the locals untouched and the stack empty, so one
 * {@code F_SAME} frame after it keeps the method's own frames valid.
 */
final class HookWriter {
    static final String DISPATCHER = "secplane/bootstrap/Dispatcher";
    /** Deepest operand stack of the inserted code: id, target, array, array, index, value. */
    private static final int STACK = 6;

    private HookWriter() {
    }

    /** @return the rewritten class, or null when no method matched */
    static byte[] weave(byte[] original, List<Hook> hooks) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        final boolean[] changed = {false};
        final int[] version = {0};
        ClassVisitor visitor = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
                version[0] = v & 0xFFFF;
                super.visit(v, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return mv;
                }
                for (Hook h : hooks) {
                    if (h.matches(name, desc)) {
                        changed[0] = true;
                        return new EntryCall(mv, h, access, desc, version[0] >= Opcodes.V1_6);
                    }
                }
                return mv;
            }
        };
        reader.accept(visitor, 0);
        return changed[0] ? writer.toByteArray() : null;
    }

    private static final class EntryCall extends MethodVisitor {
        private final Hook hook;
        private final boolean isStatic;
        private final boolean isConstructor;
        private final Type[] params;
        private final boolean frames;

        EntryCall(MethodVisitor mv, Hook hook, int access, String desc, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.hook = hook;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.isConstructor = hook.method.equals("<init>");
            this.params = Type.getArgumentTypes(desc);
            this.frames = frames;
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
                loadBoxed(hook.args[i]);
                mv.visitInsn(Opcodes.AASTORE);
            }
            if (hook.constant != null) {
                mv.visitInsn(Opcodes.DUP);
                push(hook.args.length);
                mv.visitLdcInsn(hook.constant);
                mv.visitInsn(Opcodes.AASTORE);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCHER, "dispatch", "(ILjava/lang/Object;[Ljava/lang/Object;)V", false);
            mv.visitLabel(skip);
            if (frames) {
                mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
            // keeps the method's own first frame, if it has one at its first instruction, at a later offset
            mv.visitInsn(Opcodes.NOP);
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

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // a long argument takes two slots while it is boxed
            super.visitMaxs(Math.max(maxStack, STACK + 1), maxLocals);
        }
    }
}
