from inventory.models import *
from inventory.store import Store
import os, sys
