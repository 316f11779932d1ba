package io.logship.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** logship's packages depend on each other in one direction only, so each can be read and changed alone. */
class PackageLayersTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logship");

    /** One slice per package, the root package (LogshipMain, LogshipConfiguration) included. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "the packages of io.logship";
        }
    };

    @Test
    void noPackageCycle() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(PRODUCTION);
    }

    /**
     * No class outside io.logship.sandbox refers to one of its classes in its bytecode. The demo command
     * (LogshipMain) and {@link AttemptObserver#configured()} load DemoCommand and Failpoint by name, which
     * no bytecode rule sees: that a normal run never loads them rests on those two calls.
     */
    @Test
    void noClassOutsideTheSandboxReferencesItsClassesTheServiceLoadsThemOnlyByName() {
        noClasses().that().resideOutsideOfPackage("io.logship.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("io.logship.sandbox..").check(PRODUCTION);
    }

    @Test
    void coreDependsOnNoOtherLogshipPackage() {
        DescribedPredicate<JavaClass> otherLogshipPackage = resideInAPackage("io.logship..")
                .and(DescribedPredicate.not(resideInAPackage("io.logship.core..")));
        noClasses().that().resideInAPackage("io.logship.core..")
                .should().dependOnClassesThat(otherLogshipPackage).check(PRODUCTION);
    }
}
