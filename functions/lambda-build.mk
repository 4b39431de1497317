# How `sam build` builds a function (template.yaml: Metadata BuildMethod makefile).
#
# sam build copies the function's folder to a scratch directory and runs
#   make --makefile functions/<module>/Makefile build-<LogicalId>
# there, with ARTIFACTS_DIR set. A per-folder Maven build cannot see the parent pom or the `shared` module, so
# the recipe goes back to the repository (found from the Makefile's own path, not from the working directory)
# and builds the module with the reactor. The shaded jar goes to $(ARTIFACTS_DIR)/lib/, which the Lambda Java
# runtime puts on the class path; a jar at the root of the package would not be.
#
# Tests are skipped here because CI runs `./mvnw verify` before deploying. Maven reads extra options from
# MAVEN_ARGS, e.g. `MAVEN_ARGS=-o sam build` to build offline. Do not use `sam build --parallel`: every
# function runs the same reactor and they would write the same target/ folders at once.

FUNCTION_DIR := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
REPO_ROOT := $(abspath $(FUNCTION_DIR)/../..)
MODULE := $(patsubst $(REPO_ROOT)/%,%,$(FUNCTION_DIR))

.PHONY: lambda-package
lambda-package:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this through sam build" >&2; exit 1; }
	cd "$(REPO_ROOT)" && ./mvnw -B -q -pl "$(MODULE)" -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	jar=$$(ls "$(FUNCTION_DIR)"/target/*.jar | grep -v -e '/original-' -e '-sources\.jar$$' -e '-tests\.jar$$'); \
	  test "$$(echo "$$jar" | wc -l)" -eq 1 || { echo "expected one shaded jar in $(MODULE)/target, found: $$jar" >&2; exit 1; }; \
	  cp "$$jar" "$(ARTIFACTS_DIR)/lib/"
