# acti.camera: `make demo` and `make test` work on a fresh machine with Python and the package index.
#
# The support matrix, each leg in its own virtual environment:
#   2.19: ansible-core 2.19 on Python 3.11 (or the python3 found): units, integration, sanity
#   2.20: ansible-core 2.20 on Python 3.12, where the machine has one: units, integration
#   2.21: ansible-core 2.21 on Python 3.13 (or 3.12), where the machine has one: units, integration, sanity
# The tests that are the same on every ansible-core run on one leg only (ONE_LEG below).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON_2.19 ?= $(firstword $(shell command -v python3.11 python3 2>/dev/null))
PYTHON_2.21 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3) \
                           $(shell command -v python3.13 python3.12 2>/dev/null))
PYTHON_2.20 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) $(shell command -v python3.12 2>/dev/null))
CORE_2.19 := ansible-core>=2.19,<2.20
CORE_2.20 := ansible-core>=2.20,<2.21
CORE_2.21 := ansible-core>=2.21,<2.22
LEGS := 2.19 $(if $(PYTHON_2.20),2.20) $(if $(PYTHON_2.21),2.21)
# Sanity on the oldest and the newest leg: it takes longer than the rest together.
SANITY_LEGS := 2.19 $(if $(PYTHON_2.21),2.21)

# What is the same on every ansible-core runs on one leg only: the newest where the machine has it, else 2.19.
# The tests marked one_leg (a module's pytestmark, or tests/unit/conftest.py), run there and deselected elsewhere:
#   tests/integration/test_load.py    fifty cameras through the rollout with 50 forks: the scale of the simulator and
#                                     the client; what the rollout decides is tested on every leg (test_rollout.py).
#   tests/integration/test_bench.py   the benchmark script, run small: that it still fills every table. (`make bench`
#                                     itself runs on 2.19.)
#   tests/unit/simulator, tests/unit/plugins/module_utils/test_hostile_camera.py and test_reply_properties.py:
#                                     they import no ansible: the simulator, the client and the parsers alone.
#   tests/integration/test_hostile.py sixteen misbehaving cameras at -vvvv: the client's bounds are the same code on
#                                     every core. What each core prints at -vvvv is checked for the password on every
#                                     leg by test_execution_paths.py, test_faults.py and test_firmware.py (both paths).
# On every leg although it seems not to need it:
#   tests/integration/test_ansible_runner.py  ansible-runner's event callback runs inside ansible-core, and the test
#                                     reads its events for the password; two short jobs.
ONE_LEG := $(if $(PYTHON_2.21),2.21,2.19)
not_one_leg = $(if $(filter $(ONE_LEG),$(1)),,-m 'not one_leg')
# Each leg ends with its slowest tests, to see where the time goes.
DURATIONS := --durations=15

# ansible-playbook and the unit tests find the collection here, linked to this checkout.
COLLECTIONS := $(CURDIR)/build/collections
# ansible-test keeps its cache and sanity environments under $HOME; this one is ours.
TEST_HOME := $(CURDIR)/build/home

ALL_LEGS := 2.19 2.20 2.21
.PHONY: demo test integration-lane checks-lane units integration sanity lint package docs bench clean \
        $(foreach leg,$(ALL_LEGS),units-$(leg) integration-$(leg) sanity-$(leg))

demo: .venv-2.19/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) .venv-2.19/bin/python demo/run_demo.py

# make test runs two lanes side by side, a core each, every target's output shown whole when it ends (-O):
#   integration-lane: each leg's integration, one after another. The tests mostly wait (simulated reboots,
#     timeouts): four workers keep about 1.3 cores busy. Never two legs at once: that took as long as one after
#     the other, and failed tests that time a camera's reboot.
#   checks-lane: each leg's units (they mostly wait too), then sanity, lint, package and docs, single-threaded,
#     at a lower priority (nice) so that the tests' timings keep the CPU they need.
# The lanes' environments are built first, two at a time.
test:
	$(MAKE) --no-print-directory -j2 -Otarget integration-lane checks-lane
	@echo "make test: all legs passed ($(LEGS))"
	$(if $(PYTHON_2.20),,@echo "NOTE: no Python 3.12 here: the ansible-core 2.20 leg did not run")
	$(if $(PYTHON_2.21),,@echo "NOTE: no Python 3.12/3.13 here: the ansible-core 2.21 leg did not run")

# A make per target, so that a lane runs its targets one at a time (a make of several could take the job slot
# that the other lane frees when it ends).
integration-lane: $(LEGS:%=.venv-%/.installed) $(COLLECTIONS)/ansible_collections/acti/camera
	for leg in $(LEGS); do $(MAKE) --no-print-directory integration-$$leg; done
checks-lane: $(LEGS:%=.venv-%/.installed) .venv-lint/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	for leg in $(LEGS); do $(MAKE) --no-print-directory units-$$leg; done
	for target in $(SANITY_LEGS:%=sanity-%) lint package docs; do nice -n 10 $(MAKE) --no-print-directory $$target; done

units: $(foreach leg,$(LEGS),units-$(leg))
integration: $(foreach leg,$(LEGS),integration-$(leg))
sanity: $(foreach leg,$(SANITY_LEGS),sanity-$(leg))

.venv-%/.installed: tests/requirements.txt
	rm -rf .venv-$*
	$(PYTHON_$*) -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt '$(CORE_$*)'
	touch $@

$(COLLECTIONS)/ansible_collections/acti/camera:
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR) $@

$(ALL_LEGS:%=units-%): units-%: .venv-%/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	.venv-$*/bin/python -m pytest -p no:cacheprovider -q $(DURATIONS) $(call not_one_leg,$*) tests/unit

# Four workers on two cores: the tests mostly wait on ansible-playbook start-up and simulated reboots (three
# workers kept one core busy, four 1.3, and took 13 % less time). --dist loadgroup keeps each xdist_group on one
# worker, so that the module fixture the group shares runs once (tests/conftest.py makes it work on pytest 9.2).
$(ALL_LEGS:%=integration-%): integration-%: .venv-%/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) .venv-$*/bin/python -m pytest -p no:cacheprovider -q $(DURATIONS) \
	  -n 4 --dist loadgroup $(call not_one_leg,$*) tests/integration

# ansible-test needs the collection at ansible_collections/acti/camera: test a copy of the
# files git knows (tracked, or new and not ignored), so that nothing built here is tested.
# The copy gets a git repository of its own: ansible-test lists files with git, and the
# checkout around it ignores build/.
# Nothing is built again on the next run: the sanity tests' environments stay in $(TEST_HOME)/.ansible/test/venv
# (named by their requirements' hash), and ansible-test's own --venv environment, in the copy's
# tests/output/.tmp/delegation, is moved aside while the copy is made anew (unless .venv-% is newer).
SANITY_COPY = build/sanity-$*/ansible_collections/acti/camera
$(ALL_LEGS:%=sanity-%): sanity-%: .venv-%/.installed
	rm -rf build/sanity-$*.delegation
	if [ $(SANITY_COPY)/tests/output/.tmp/delegation -nt .venv-$*/.installed ]; then \
	  mv $(SANITY_COPY)/tests/output/.tmp/delegation build/sanity-$*.delegation; fi
	rm -rf build/sanity-$*
	mkdir -p $(SANITY_COPY)/tests/output/.tmp
	if [ -d build/sanity-$*.delegation ]; then mv build/sanity-$*.delegation $(SANITY_COPY)/tests/output/.tmp/delegation; fi
	git ls-files -z --cached --others --exclude-standard | \
	  while IFS= read -r -d '' f; do [ -e "$$f" ] && printf '%s\0' "$$f"; done | \
	  xargs -0 cp --parents -t $(SANITY_COPY)
	mkdir -p $(TEST_HOME)/.ansible/test/cache
	pip_version=$$(.venv-$*/bin/python -c 'import types; from ansible_test._internal.python_requirements import get_venv_packages; print(get_venv_packages(types.SimpleNamespace(version="3"))["pip"])'); \
	  cp tests/utils/offline_get_pip.py $(TEST_HOME)/.ansible/test/cache/get_pip_$${pip_version//./_}.py
	cd $(SANITY_COPY) && \
	  git init --quiet . && git add --all && \
	  HOME=$(TEST_HOME) PATH=$(CURDIR)/.venv-$*/bin:$$PATH \
	  $(CURDIR)/.venv-$*/bin/ansible-test sanity --venv --color no \
	    --python $$($(CURDIR)/.venv-$*/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# Not part of make test: about twenty minutes (fleets of 50 to 1,000 simulated cameras). Writes benchmarks/RESULTS.md.
bench: .venv-2.19/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	.venv-2.19/bin/python benchmarks/bench.py

.venv-lint/.installed: tests/lint-requirements.txt
	rm -rf .venv-lint
	$(PYTHON_2.19) -m venv .venv-lint
	.venv-lint/bin/python -m pip install --quiet --disable-pip-version-check -r tests/lint-requirements.txt
	touch $@

# ansible-lint reads .ansible-lint (production profile, offline: no schema update from the internet).
lint: .venv-lint/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	.venv-lint/bin/ruff check .
	.venv-lint/bin/yamllint --strict .
	.venv-lint/bin/antsibull-changelog lint
	PATH=$(CURDIR)/.venv-lint/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) .venv-lint/bin/ansible-lint --nocolor

# The collection as users get it: galaxy tarball, ansible-doc, antsibull-docs, ansible-builder.
package: .venv-lint/.installed
	PATH=$(CURDIR)/.venv-lint/bin:$$PATH .venv-lint/bin/python -m pytest -p no:cacheprovider -q tests/package

# The docs site as on docs.ansible.com: every plugin's page and the guides of docs/docsite/rst/, as HTML in
# build/docs/build/html. antsibull-docs writes the Sphinx project, whose build treats warnings as errors. Offline,
# Sphinx cannot fetch the inventories that resolve links to docs.python.org and docs.ansible.com: those warnings,
# and only those, are let through.
EXTERNAL_DOCS_WARNINGS := -e 'failed to reach any of the inventories' \
  -e "undefined label: '\(common_return_values\|action_plugins\|ansible_configuration_settings\|ansible_collections\.ansible\.builtin\.[a-z_]*\(__parameter-[a-z_]*\)\?\)'"
docs: .venv-lint/.installed $(COLLECTIONS)/ansible_collections/acti/camera
	rm -rf build/docs
	mkdir -p -m 700 build/docs
	export PATH=$(CURDIR)/.venv-lint/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) && \
	  antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir build/docs acti.camera >/dev/null && \
	  { build/docs/build.sh >build/docs/build.log 2>&1 || true; }
	if grep WARNING build/docs/build.log | grep -v $(EXTERNAL_DOCS_WARNINGS); then exit 1; fi
	test -s build/docs/build/html/collections/acti/camera/docsite/guide.html
	test -s build/docs/build/html/collections/acti/camera/ptz_image_module.html
	@echo "make docs: build/docs/build/html/index.html"

clean:
	rm -rf build .venv-2.19 .venv-2.20 .venv-2.21 .venv-lint tests/output
