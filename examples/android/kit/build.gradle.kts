// The platform-free Kotlin layer: plain Kotlin/JVM over the uniffi bindings,
// which bindings/scripts/generate.sh writes into <repo>/build/bindings/kotlin.
// The same sources and tests also run without Gradle: examples/android/test-kit.sh.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.kotlin.jvm)
}

// The Rust workspace this project sits in (examples/android/../..), and the
// folders generate.sh honours (CARGO_TARGET_DIR, CADENCE_BUILD_DIR).
val repoRoot: File = rootDir.resolve("../..").canonicalFile
val cargoTarget: File = System.getenv("CARGO_TARGET_DIR")?.let(::File) ?: repoRoot.resolve("target")
val bindingsDir: File = (System.getenv("CADENCE_BUILD_DIR")?.let(::File) ?: repoRoot.resolve("build"))
    .resolve("bindings/kotlin")

// cargo from rustup, also when the IDE was not started from a shell.
val cargoPath = "${System.getProperty("user.home")}/.cargo/bin${File.pathSeparator}${System.getenv("PATH")}"

// The Rust sources the library and its bindings are made from.
val rustSources = files(
    repoRoot.resolve("Cargo.toml"),
    repoRoot.resolve("Cargo.lock"),
    fileTree(repoRoot.resolve("core")) { include("Cargo.toml", "src/**", "sql/**") },
    fileTree(repoRoot.resolve("bindings")) { include("ffi/**", "bindgen/**", "scripts/generate.sh") },
)

val generateBindings by tasks.registering(Exec::class) {
    group = "cadence"
    description = "Builds the Cadence library and generates its Kotlin bindings (bindings/scripts/generate.sh)."
    workingDir(repoRoot)
    environment("PATH", cargoPath)
    commandLine("bash", "bindings/scripts/generate.sh")
    inputs.files(rustSources).withPropertyName("rustSources").withPathSensitivity(PathSensitivity.RELATIVE)
    outputs.dir(bindingsDir).withPropertyName("bindings")
}

// The host library (libcadence_ffi.so / .dylib) the JVM tests load through JNA.
// Always runs: cargo knows best whether anything changed.
val cargoBuildHost by tasks.registering(Exec::class) {
    group = "cadence"
    description = "Builds the Cadence library for this machine (debug) for the JVM tests."
    workingDir(repoRoot)
    environment("PATH", cargoPath)
    commandLine("cargo", "build", "-q", "-p", "cadence-ffi")
}

java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}

kotlin {
    compilerOptions { jvmTarget.set(JvmTarget.JVM_17) }
    // The generated bindings compile with the kit; using the task as a source
    // folder makes every compilation run generateBindings first.
    sourceSets.named("main") { kotlin.srcDir(generateBindings) }
}

dependencies {
    // The app brings JNA as the Android AAR, the tests as the desktop jar.
    compileOnly(libs.jna)
    testImplementation(libs.junit)
    testImplementation(libs.jna)
}

tasks.test {
    dependsOn(cargoBuildHost)
    useJUnit()
    systemProperty("jna.library.path", cargoTarget.resolve("debug").path)
}
